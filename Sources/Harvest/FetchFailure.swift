import Foundation

/// Why one attempt at a request failed.
public enum FetchFault: Error, Sendable, CustomStringConvertible {
    /// 503 or 429: the server asked us to slow down, maybe saying for how long.
    case throttled(status: Int, retryAfter: Double?)
    /// Any other 5xx.
    case serverError(status: Int)
    /// Timeouts, resets, truncated bodies.
    case transport(TransportError)
    /// The body arrived but could not be read (truncated or garbled XML).
    case malformed(String)
    /// 4xx other than 429: asking again will not help.
    case clientError(status: Int, excerpt: String)

    public var isRetryable: Bool {
        if case .clientError = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .throttled(let status, let after):
            return "HTTP \(status)" + (after.map { " (Retry-After \(Int($0.rounded())) s)" } ?? "")
        case .serverError(let status): return "HTTP \(status)"
        case .transport(let e): return e.description
        case .malformed(let why): return "unreadable response: \(why)"
        case .clientError(let status, let excerpt): return "HTTP \(status): \(excerpt)"
        }
    }
}

/// A request that failed for good: every attempt used, or an error retrying cannot fix.
public struct FetchError: Error, Sendable, CustomStringConvertible {
    public var url: URL
    public var attempts: Int
    public var fault: FetchFault

    public var description: String {
        let what = fault.isRetryable ? "gave up after \(attempts) attempt\(attempts == 1 ? "" : "s")" : "failed"
        return "GET \(url.absoluteString) \(what): \(fault)"
    }
}
