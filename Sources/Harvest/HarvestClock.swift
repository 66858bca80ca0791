import Foundation

/// The time source of everything in Harvest. Injected so tests run on virtual time: they are
/// fast and can assert the exact spacing between requests and the waits the retry logic chose.
public protocol HarvestClock: Sendable {
    /// Wall-clock time, for schedules and HTTP dates (`Retry-After: <date>`).
    func now() -> Date
    /// Monotonic seconds from an arbitrary origin, for spacing requests.
    func uptime() -> Double
    /// Suspends until `uptime()` reaches `deadline`; throws `CancellationError` when cancelled.
    func sleep(until deadline: Double) async throws
}

extension HarvestClock {
    public func sleep(seconds: Double) async throws {
        try await sleep(until: uptime() + seconds)
    }

    /// Suspends until the wall clock reaches `date` (measured on the monotonic clock from now).
    public func sleep(untilDate date: Date) async throws {
        try await sleep(seconds: date.timeIntervalSince(now()))
    }
}

/// Real time: `Date()` and the continuous clock.
public struct SystemClock: HarvestClock {
    private let origin = ContinuousClock.now

    public init() {}

    public func now() -> Date { Date() }

    public func uptime() -> Double {
        let d = ContinuousClock.now - origin
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    public func sleep(until deadline: Double) async throws {
        let wait = deadline - uptime()
        if wait > 0 { try await Task.sleep(for: .seconds(wait)) } else { try Task.checkCancellation() }
    }
}
