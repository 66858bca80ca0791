/// Politeness towards one host: one request at a time, and each request starts at least
/// `minInterval` seconds after the previous one ended (arXiv asks for 3 s and a single
/// connection). A server's `Retry-After` pushes the next start further out for every caller,
/// so concurrent harvests that share the limiter all back off together.
public actor RateLimiter {
    public nonisolated let minInterval: Double
    private let clock: any HarvestClock
    private var hosts: [String: HostState] = [:]

    private struct HostState {
        var busy = false
        var earliestStart = -Double.infinity
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    public init(minInterval: Double = 3, clock: any HarvestClock = SystemClock()) {
        precondition(minInterval >= 0, "a negative request interval makes no sense")
        self.minInterval = minInterval
        self.clock = clock
    }

    /// Waits for the host's turn and its spacing. Every successful `acquire` must be paired
    /// with one `release`.
    public func acquire(host: String) async throws {
        if hosts[host, default: HostState()].busy {
            // FIFO hand-over: `release` keeps `busy` set and resumes us as the new owner.
            await withCheckedContinuation { hosts[host, default: HostState()].waiters.append($0) }
        } else {
            hosts[host, default: HostState()].busy = true
        }
        do {
            try Task.checkCancellation()
            // Loop: a concurrent `defer(host:until:)` may move the deadline while we sleep.
            while clock.uptime() < hosts[host]!.earliestStart {
                try await clock.sleep(until: hosts[host]!.earliestStart)
            }
        } catch {
            handOver(host)
            throw error
        }
    }

    /// Ends a request: the next one may start `minInterval` from now, or at `notBefore`
    /// (monotonic seconds, from a `Retry-After` or a backoff) when that is later.
    public func release(host: String, notBefore: Double? = nil) {
        let earliest = max(clock.uptime() + minInterval, notBefore ?? -.infinity)
        hosts[host]!.earliestStart = max(hosts[host]!.earliestStart, earliest)
        handOver(host)
    }

    private func handOver(_ host: String) {
        if hosts[host]!.waiters.isEmpty {
            hosts[host]!.busy = false
        } else {
            hosts[host]!.waiters.removeFirst().resume()
        }
    }
}
