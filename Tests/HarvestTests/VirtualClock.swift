import Foundation
@testable import Harvest

/// Virtual time: `sleep(until:)` jumps the clock forward at once and records the wait, so tests
/// run in milliseconds and can assert exact intervals. Time never moves otherwise.
final class VirtualClock: HarvestClock, @unchecked Sendable {
    private let lock = NSLock()
    private var offset: Double = 0
    private var sleeps: [Double] = []
    let start: Date

    init(start: Date = Date(timeIntervalSince1970: 1_780_000_000), horizon: Double = .infinity) {
        self.start = start; self.horizon = horizon
    }

    func now() -> Date { start.addingTimeInterval(uptime()) }

    func uptime() -> Double { lock.lock(); defer { lock.unlock() }; return offset }

    /// Sleeps that would pass this virtual time never end (until cancelled): lets a test stop
    /// a forever-loop after the step it wants to see.
    let horizon: Double

    func sleep(until deadline: Double) async throws {
        try Task.checkCancellation()
        while deadline > horizon { try await Task.sleep(for: .milliseconds(10)) }
        lock.withLock {
            if deadline > offset { sleeps.append(deadline - offset); offset = deadline }
        }
        await Task.yield()
        try Task.checkCancellation()
    }

    /// Every wait so far, in seconds.
    var recordedSleeps: [Double] { lock.lock(); defer { lock.unlock() }; return sleeps }
}
