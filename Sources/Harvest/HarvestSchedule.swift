import Foundation

/// When the daily harvest runs: a wall-clock time in a time zone. arXiv announces new papers
/// around 20:00 America/New_York (Sunday–Thursday), so the default, 00:30 New York time,
/// leaves the OAI interface time to catch up, and follows daylight saving.
public struct HarvestSchedule: Sendable, Equatable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int
    public var timeZone: TimeZone

    public init(hour: Int, minute: Int, timeZone: TimeZone) {
        precondition((0..<24).contains(hour) && (0..<60).contains(minute), "not a time of day")
        self.hour = hour; self.minute = minute; self.timeZone = timeZone
    }

    public static let `default` = HarvestSchedule(hour: 0, minute: 30, timeZone: TimeZone(identifier: "America/New_York")!)

    /// `HH:MM` in UTC, as in `PAPERBOY_HARVEST_AT=05:30`.
    public init?(utc text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isNumber) }),
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        self.init(hour: h, minute: m, timeZone: TimeZone(identifier: "UTC")!)
    }

    /// The first run strictly after `date`.
    public func nextRun(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        // .nextTime: on a spring-forward day when the time does not exist, run at the next valid time.
        return calendar.nextDate(after: date, matching: DateComponents(hour: hour, minute: minute, second: 0),
                                 matchingPolicy: .nextTime)!
    }

    public var description: String { String(format: "%02d:%02d %@", hour, minute, timeZone.identifier) }
}
