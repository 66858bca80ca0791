import Foundation
import PaperboyCore

/// Which edition of a subscription is due: the period it covers and the key it is claimed
/// under (a subscription gets each key once).
public struct DigestPeriod: Sendable, Hashable {
    public var key: String
    public var first: Day
    public var last: Day

    public init(key: String, first: Day, last: Day) {
        self.key = key; self.first = first; self.last = last
    }

    public var range: DayRange { .span(first, last) }

    /// "2 Dec 2026" or "26 Nov – 2 Dec 2026".
    public var title: String {
        first == last ? last.shortName() : first.shortName(withYear: first.year != last.year) + " – " + last.shortName()
    }
}

enum DigestCalendar {
    /// Periods of a daily digest reach back at most this far when earlier editions were missed.
    static let maxCatchUpDays = 6

    /// The edition due for `schedule` at `now`, or on `date` (any hour) when given; nil when none.
    /// - `announcedOnOrBefore`: the newest day with papers on or before a day.
    /// - `last`: the newest edition claimed before.
    ///
    /// Daily: the newest announcement day on or before the last local day whose send hour has
    /// passed, unless that day was sent; the period reaches back to the day after the last
    /// edition (at most a week), so a day missed while the hub was down is not lost.
    /// Weekly: the seven days ending on the last passed send weekday.
    static func due(_ schedule: DigestSchedule, now: Date, date: Day?, last: Subscription.Edition?,
                    announcedOnOrBefore: (Day) async throws -> Day?) async throws -> DigestPeriod? {
        let sendDay: Day
        if let date {
            sendDay = date
        } else {
            let local = schedule.local(now)
            sendDay = local.hour >= schedule.hour ? local.day : local.day.adding(days: -1)
        }
        if let weekday = schedule.weekday {
            let back = (sendDay.isoWeekday - weekday + 7) % 7
            let end = sendDay.adding(days: -back)
            let key = "week-\(end)"
            guard last?.key != key else { return nil }
            return DigestPeriod(key: key, first: end.adding(days: -6), last: end)
        }
        guard let day = try await announcedOnOrBefore(sendDay) else { return nil }
        if let last, last.last >= day { return nil }
        var first = day
        if let last { first = max(last.last.adding(days: 1), day.adding(days: -maxCatchUpDays)) }
        return DigestPeriod(key: day.description, first: first, last: day)
    }
}
