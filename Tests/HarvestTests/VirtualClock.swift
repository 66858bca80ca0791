import Foundation
import Synchronization
@testable import Harvest

/// Virtual time: `sleep(until:)` jumps the clock forward at once and records the wait, so tests
/// run in milliseconds and can assert exact intervals. Time never moves otherwise.
final class VirtualClock: HarvestClock, Sendable {
    private struct Time {
        var offset: Double = 0
        var sleeps: [Double] = []
    }
    private let time = Mutex(Time())
    let start: Date

    init(start: Date = Date(timeIntervalSince1970: 1_780_000_000), horizon: Double = .infinity) {
        self.start = start; self.horizon = horizon
    }

    func now() -> Date { start.addingTimeInterval(uptime()) }

    func uptime() -> Double { time.withLock { $0.offset } }

    /// Sleeps that would pass this virtual time never end (until cancelled): lets a test stop
    /// a forever-loop after the step it wants to see.
    let horizon: Double

    func sleep(until deadline: Double) async throws {
        try Task.checkCancellation()
        while deadline > horizon { try await Task.sleep(for: .milliseconds(10)) }
        time.withLock { t in
            if deadline > t.offset { t.sleeps.append(deadline - t.offset); t.offset = deadline }
        }
        await Task.yield()
        try Task.checkCancellation()
    }

    /// Every wait so far, in seconds.
    var recordedSleeps: [Double] { time.withLock { $0.sleeps } }
}
