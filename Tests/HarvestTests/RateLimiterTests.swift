import Foundation
import Synchronization
import Testing
@testable import Harvest

@Suite struct RateLimiterTests {
    /// Stands in for the network: counts overlapping requests and notes their start times.
    final class Probe: Sendable {
        struct Counts {
            var inFlight = 0, peak = 0
            var starts: [Double] = []
        }
        let counts = Mutex(Counts())
    }

    @Test func spacesRequestsAndAllowsOneAtATimeAcrossTasks() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(minInterval: 3, clock: clock)
        let probe = Probe()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    for _ in 0..<3 {
                        try await limiter.acquire(host: "export.arxiv.org")
                        probe.counts.withLock { p in p.inFlight += 1; p.peak = max(p.peak, p.inFlight); p.starts.append(clock.uptime()) }
                        await Task.yield() // let the others try to get in while we "talk"
                        probe.counts.withLock { $0.inFlight -= 1 }
                        await limiter.release(host: "export.arxiv.org")
                    }
                }
            }
            try await group.waitForAll()
        }
        let seen = probe.counts.withLock { $0 }
        #expect(seen.peak == 1)
        #expect(seen.starts == (0..<12).map { Double($0) * 3 })
    }

    @Test func hostsAreIndependent() async throws {
        let clock = VirtualClock()
        let limiter = RateLimiter(minInterval: 3, clock: clock)
        try await limiter.acquire(host: "a")
        await limiter.release(host: "a")
        try await limiter.acquire(host: "b")
        #expect(clock.uptime() == 0)
        await limiter.release(host: "b")
        try await limiter.acquire(host: "a")
        #expect(clock.uptime() == 3)
        await limiter.release(host: "a", notBefore: 100)
        try await limiter.acquire(host: "a")
        #expect(clock.uptime() == 100)
        await limiter.release(host: "a")
    }

    @Test func retryAfterParsesSecondsAndAllThreeDateForms() {
        let now = Date(timeIntervalSince1970: 784_111_777 - 60) // 1994-11-06 08:48:37 GMT
        #expect(RetryAfter.seconds("120", now: now) == 120)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == 60)
        #expect(RetryAfter.seconds("Sun Nov  6 08:49:37 1994", now: now) == 60)
        #expect(RetryAfter.seconds("Sun, 06 Nov 1994 08:00:00 GMT", now: now) == 0) // in the past: go now
        #expect(RetryAfter.seconds("soon", now: now) == nil)
        #expect(RetryAfter.seconds("-5", now: now) == nil)
    }

    @Test func backoffDoublesAndIsCapped() {
        let low = RetryPolicy(baseDelay: 5, maxDelay: 120, random: { 0 })
        let high = RetryPolicy(baseDelay: 5, maxDelay: 120, random: { 0.999_999 })
        #expect((1...7).map(low.backoff(afterFailures:)) == [2.5, 5, 10, 20, 40, 60, 60])
        #expect(abs(high.backoff(afterFailures: 3) - 20) < 0.001)
    }
}
