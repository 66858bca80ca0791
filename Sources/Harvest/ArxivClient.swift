import Foundation
import Logging
import PaperboyCore
import Synchronization

/// Polite, fault-tolerant GETs to arXiv: every request goes through the shared per-host rate
/// limiter, carries our User-Agent, and is retried on throttling, server errors, network faults
/// and unreadable bodies, as `RetryPolicy` says.
public struct ArxivClient: Sendable {
    public let transport: any HTTPTransport
    public let limiter: RateLimiter
    public let retry: RetryPolicy
    public let clock: any HarvestClock
    public let userAgent: String
    public let timeout: Double
    let counters = SharedCounters()
    let logger: Logger

    public init(transport: any HTTPTransport = URLSessionTransport(), limiter: RateLimiter, retry: RetryPolicy = RetryPolicy(),
                clock: any HarvestClock, userAgent: String, timeout: Double = 60,
                logger: Logger = Logger(label: "paperboy.harvest")) {
        self.transport = transport; self.limiter = limiter; self.retry = retry; self.clock = clock
        self.userAgent = userAgent; self.timeout = timeout; self.logger = logger
    }

    /// Requests sent and retries made by this client so far.
    public var requestCounters: RequestCounters { counters.mutex.withLock { $0 } }

    /// GETs `url` and decodes the body. A `decode` that throws marks the body as unreadable
    /// (truncated or garbled), which is retried like a network fault: nothing partial is
    /// returned. Protocol-level answers (OAI `<error>`s) belong in `T`, not in a throw.
    public func get<T>(_ url: URL, decode: (Data) throws -> T) async throws -> T {
        guard let host = url.host, !host.isEmpty else { throw FetchError(url: url, attempts: 0, fault: .clientError(status: 0, excerpt: "URL has no host")) }
        let request = HTTPRequest(url: url, headers: ["User-Agent": userAgent, "Accept-Encoding": "gzip"], timeout: timeout)
        var attempt = 0
        while true {
            attempt += 1
            try await limiter.acquire(host: host)
            counters.mutex.withLock { $0.requests += 1 }
            let outcome: Outcome<T>
            do {
                outcome = classify(try await transport.send(request), decode: decode)
            } catch let e as TransportError {
                outcome = .failed(.transport(e))
            } catch {
                await limiter.release(host: host)
                throw error // cancellation and anything unforeseen end the request at once
            }
            let fault: FetchFault
            switch outcome {
            case .ok(let value):
                await limiter.release(host: host)
                return value
            case .failed(let f):
                fault = f
            }
            guard fault.isRetryable, attempt < retry.maxAttempts else {
                await limiter.release(host: host)
                throw FetchError(url: url, attempts: attempt, fault: fault)
            }
            let wait: Double
            if case .throttled(_, let after?) = fault {
                guard after <= retry.maxRetryAfter else {
                    await limiter.release(host: host)
                    throw FetchError(url: url, attempts: attempt, fault: fault)
                }
                wait = after
            } else {
                wait = retry.backoff(afterFailures: attempt)
            }
            counters.mutex.withLock { $0.retries += 1 }
            logger.warning("retrying", metadata: ["url": "\(url.absoluteString)", "fault": "\(fault)", "attempt": "\(attempt)", "wait_s": "\(wait)"])
            await limiter.release(host: host, notBefore: clock.uptime() + wait)
        }
    }

    private enum Outcome<Value> {
        case ok(Value)
        case failed(FetchFault)
    }

    private func classify<T>(_ response: HTTPResponse, decode: (Data) throws -> T) -> Outcome<T> {
        switch response.status {
        case 200..<300:
            do { return .ok(try decode(response.body)) } catch { return .failed(.malformed("\(error)")) }
        case 429, 503:
            let after = response.header("retry-after").flatMap { RetryAfter.seconds($0, now: clock.now()) }
            return .failed(.throttled(status: response.status, retryAfter: after))
        case 500..<600:
            return .failed(.serverError(status: response.status))
        default:
            let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self).collapsingWhitespace()
            return .failed(.clientError(status: response.status, excerpt: excerpt))
        }
    }
}

/// The counts of one client and of all its copies: `ArxivClient` is a struct and a `Mutex`
/// cannot be copied, so the copies share this object.
final class SharedCounters: Sendable {
    let mutex = Mutex(RequestCounters())
}

public struct RequestCounters: Sendable, Equatable {
    public var requests = 0
    public var retries = 0
}
