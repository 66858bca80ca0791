/// How often and how long to retry a failed request: capped exponential backoff with jitter
/// ("equal jitter": half the delay fixed, half random, so concurrent clients spread out but
/// never retry immediately).
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double
    /// The longest `Retry-After` we obey; a server asking for more ends the run with an error.
    public var maxRetryAfter: Double
    /// Uniform in [0, 1); injected so tests can pin the jitter.
    public var random: @Sendable () -> Double

    public init(maxAttempts: Int = 6, baseDelay: Double = 5, maxDelay: Double = 120, maxRetryAfter: Double = 900,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        precondition(maxAttempts >= 1, "at least one attempt")
        self.maxAttempts = maxAttempts; self.baseDelay = baseDelay; self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter; self.random = random
    }

    /// The wait before attempt `failures + 1`, after `failures` failed ones (1, 2, …).
    public func backoff(afterFailures failures: Int) -> Double {
        let exponential = baseDelay * Double(1 << min(max(failures - 1, 0), 30))
        let capped = min(maxDelay, exponential)
        return capped / 2 + random() * capped / 2
    }
}
