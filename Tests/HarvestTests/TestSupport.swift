import Foundation
import Synchronization
@testable import Harvest

/// Records the virtual time at which each request left, to assert politeness.
final class RecordingTransport: HTTPTransport, Sendable {
    private let inner: any HTTPTransport
    private let clock: any HarvestClock
    private struct Log {
        var times: [Double] = []
        var inFlight = 0
        var peak = 0
    }
    private let log = Mutex(Log())

    init(_ inner: any HTTPTransport = URLSessionTransport(), clock: any HarvestClock) {
        self.inner = inner; self.clock = clock
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        log.withLock { l in l.times.append(clock.uptime()); l.inFlight += 1; l.peak = max(l.peak, l.inFlight) }
        defer { log.withLock { $0.inFlight -= 1 } }
        return try await inner.send(request)
    }

    /// Virtual send times of every request.
    var sendTimes: [Double] { log.withLock { $0.times } }
    /// Most requests ever in flight at once.
    var peakConcurrency: Int { log.withLock { $0.peak } }
    var intervals: [Double] { zip(sendTimes.dropFirst(), sendTimes).map { $0 - $1 } }
}

/// Shared data (`/work/shared`) for the tests that read the real metadata sample.
enum SharedData {
    static var root: URL? {
        if let env = ProcessInfo.processInfo.environment["PAPERBOY_SHARED"] { return URL(fileURLWithPath: env) }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let shared = repo.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: shared.path) ? shared : nil
    }
}

/// The recordings copied into Tests/HarvestTests/Fixtures (see Fixtures/SOURCES.md).
enum Fixture {
    static func data(_ name: String) throws -> Data {
        guard let url = Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil) else {
            throw FixtureMissing(name: name)
        }
        return try Data(contentsOf: url)
    }

    struct FixtureMissing: Error { var name: String }
}

func makeClient(transport: any HTTPTransport, clock: VirtualClock, interval: Double = 3, attempts: Int = 4,
                timeout: Double = 5) -> ArxivClient {
    ArxivClient(transport: transport, limiter: RateLimiter(minInterval: interval, clock: clock),
                retry: RetryPolicy(maxAttempts: attempts, baseDelay: 4, maxDelay: 30, maxRetryAfter: 60, random: { 0.5 }),
                clock: clock, userAgent: "Paperboy/0.1 (+mailto:test@example.org)", timeout: timeout)
}
