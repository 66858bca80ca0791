import Foundation

/// A calendar day in UTC. Papers belong to the day arXiv announced them (or, without that,
/// the day of their first version); the daily feed lists one Day at a time.
public struct Day: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    public let year: Int, month: Int, day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...Day.daysIn(year: year, month: month)).contains(day) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ s: String) {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, p[1].count == 2, p[2].count == 2,
              p.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let d = Day(year: Int(p[0])!, month: Int(p[1])!, day: Int(p[2])!) else { return nil }
        self = d
    }

    public init(_ date: Date) {
        (year, month, day) = Day.civil(fromDays: Day.days(since1970: date))
    }

    /// Midnight UTC at the start of the day.
    public var date: Date {
        Date(timeIntervalSince1970: Double(Day.days(fromCivil: year, month, day) * 86_400))
    }

    // UTC calendar arithmetic by hand: Foundation's `Calendar` costs microseconds a call, and
    // dates are converted for every paper imported, listed or served.

    /// Whole days from 1970-01-01 to the UTC day of `date` (negative before).
    public static func days(since1970 date: Date) -> Int {
        Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
    }

    /// Howard Hinnant's days_from_civil (proleptic Gregorian): days from 1970-01-01.
    public static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's civil_from_days: (year, month, day) of the day `z0` days after 1970-01-01.
    public static func civil(fromDays z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 1 = Sunday … 7 = Saturday, numbered as Foundation's `Calendar` does.
    public var weekday: Int { Day.weekday(fromDays: Day.days(fromCivil: year, month, day)) }

    /// Howard Hinnant's weekday_from_days, plus one: the weekday of the day `z` days after
    /// 1970-01-01 (a Thursday), 1 = Sunday.
    public static func weekday(fromDays z: Int) -> Int {
        (z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6) + 1
    }

    public func adding(days n: Int) -> Day { Day(date.addingTimeInterval(Double(n) * 86_400)) }

    /// `YYYY-MM-DD`, by hand: `String(format:)` was a tenth of an import's parsing thread
    /// (two days per paper).
    public var description: String {
        func padded(_ n: Int, _ width: Int) -> String {
            let digits = String(n)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The one UTC calendar, for what the arithmetic above does not cover (ISO weeks, parsing
    /// date components). ISO 8601 rules: weeks run Monday to Sunday and week 1 holds the year's
    /// first Thursday; its days, months and weekdays are the Gregorian calendar's.
    public static let utc: Calendar = {
        var c = Calendar(identifier: .iso8601)
        c.timeZone = TimeZone(identifier: "UTC")!
        return c
    }()

    public init(from decoder: Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let d = Day(s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date: \(s)"))
        }
        self = d
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

/// An inclusive range of days: one day, an ISO week or a calendar month of the feed.
public struct DayRange: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable { case day, week, month }
    public let kind: Kind
    public let first: Day, last: Day

    public static func day(_ d: Day) -> DayRange { DayRange(kind: .day, first: d, last: d) }

    /// ISO week `YYYY-Www` (Monday to Sunday).
    public static func week(_ s: String) -> DayRange? {
        let p = s.split(separator: "-")
        guard p.count == 2, p[0].count == 4, let year = Int(p[0]), p[1].count == 3, p[1].first == "W",
              let week = Int(p[1].dropFirst()), (1...53).contains(week) else { return nil }
        var comps = DateComponents()
        comps.weekOfYear = week; comps.yearForWeekOfYear = year; comps.weekday = 2
        guard let monday = Day.utc.date(from: comps) else { return nil }
        let first = Day(monday)
        // Week 53 exists only in some years: reject it where it would be week 1 of the next year.
        guard Day.utc.component(.weekOfYear, from: monday) == week else { return nil }
        return DayRange(kind: .week, first: first, last: first.adding(days: 6))
    }

    /// Calendar month `YYYY-MM`.
    public static func month(_ s: String) -> DayRange? {
        let p = s.split(separator: "-")
        guard p.count == 2, p[0].count == 4, p[1].count == 2, let y = Int(p[0]), let m = Int(p[1]),
              let first = Day(year: y, month: m, day: 1) else { return nil }
        return DayRange(kind: .month, first: first, last: Day(year: y, month: m, day: Day.daysIn(year: y, month: m))!)
    }

    public static func week(containing d: Day) -> DayRange {
        let weekday = Day.utc.component(.weekday, from: d.date) // 1 = Sunday
        let monday = d.adding(days: -((weekday + 5) % 7))
        return DayRange(kind: .week, first: monday, last: monday.adding(days: 6))
    }

    public static func month(containing d: Day) -> DayRange {
        month(String(format: "%04d-%02d", d.year, d.month))!
    }

    /// `2024-03-05`, `2024-W10` or `2024-03`.
    public var description: String {
        switch kind {
        case .day: return first.description
        case .month: return String(format: "%04d-%02d", first.year, first.month)
        case .week:
            let c = Day.utc.dateComponents([.weekOfYear, .yearForWeekOfYear], from: first.date)
            return String(format: "%04d-W%02d", c.yearForWeekOfYear!, c.weekOfYear!)
        }
    }

    public func contains(_ d: Day) -> Bool { first <= d && d <= last }
}
