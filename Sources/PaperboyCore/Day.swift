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
              let y = Day.digits(p[0]), let m = Day.digits(p[1]), let dd = Day.digits(p[2]),
              let d = Day(year: y, month: m, day: dd) else { return nil }
        self = d
    }

    /// Only ASCII digits: `Int("+000")` would read a sign, and `Day`'s formats have none.
    static func digits(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.allSatisfy(\.isASCIIDigit) else { return nil }
        return Int(s)
    }

    /// The day `days` after 1970-01-01, or nil outside years 1...9999 (where `init(_ date:)`
    /// would make a day no parser accepts and no page can name).
    public init?(days: Int) {
        let c = Day.civil(fromDays: days)
        self.init(year: c.year, month: c.month, day: c.day)
    }

    /// Days since 1970-01-01.
    public var ordinal: Int { Day.days(fromCivil: year, month, day) }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int { weekday == 1 ? 7 : weekday - 1 }

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
    public var weekday: Int { Day.weekday(fromDays: ordinal) }

    /// Howard Hinnant's weekday_from_days, plus one: the weekday of the day `z` days after
    /// 1970-01-01 (a Thursday), 1 = Sunday.
    public static func weekday(fromDays z: Int) -> Int {
        (z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6) + 1
    }

    /// "2 Dec 2026" as the pages and mail show a day; "2 Dec" without the year.
    public func shortName(withYear: Bool = true) -> String {
        "\(day) \(DateNames.shortMonths[month - 1])" + (withYear ? " \(year)" : "")
    }

    public func adding(days n: Int) -> Day { Day(date.addingTimeInterval(Double(n) * 86_400)) }

    /// `YYYY-MM-DD`, by hand: `String(format:)` was a tenth of an import's parsing thread
    /// (two days per paper).
    public var description: String {
        Day.padded(year, 4) + "-" + Day.padded(month, 2) + "-" + Day.padded(day, 2)
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// 9999-12-31, the last day `Day` can hold.
    public static let lastDay = Day(unchecked: 9999, 12, 31)

    /// Only for fields already known valid (a day of a valid day's month).
    private init(unchecked year: Int, _ month: Int, _ day: Int) { self.year = year; self.month = month; self.day = day }

    func withDay(_ d: Int) -> Day { Day(unchecked: year, month, d) }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The one UTC calendar, for what the arithmetic here does not cover (dates from clock
    /// components, time zones for formatters). ISO 8601 rules, so that its weeks agree with
    /// `DayRange.week`; its days, months and weekdays are the Gregorian calendar's.
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

    /// Any run of days, for store queries (a digest's period); not a page's range, whose
    /// `kind` names its path.
    public static func span(_ first: Day, _ last: Day) -> DayRange {
        DayRange(kind: first == last ? .day : .week, first: min(first, last), last: max(first, last))
    }

    /// ISO week `YYYY-Www` (Monday to Sunday), nil unless its Monday lies in years 1...9999
    /// (9999-W52 ends on 9999-12-31, as `week(containing:)` clamps it).
    public static func week(_ s: String) -> DayRange? {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 4, let year = Day.digits(p[0]), p[1].count == 3, p[1].first == "W",
              let week = Day.digits(p[1].dropFirst()), (1...53).contains(week),
              let jan4 = Day(year: year, month: 1, day: 4) else { return nil }
        // Week 1 is the week with 4 January in it.
        let monday = jan4.ordinal - (jan4.isoWeekday - 1) + (week - 1) * 7
        guard let first = Day(days: monday),
              // Week 53 exists only in some years: reject it where it would be week 1 of the next year.
              isoWeek(ofMonday: monday).week == week else { return nil }
        return DayRange.week(containing: first)
    }

    /// Calendar month `YYYY-MM`.
    public static func month(_ s: String) -> DayRange? {
        let p = s.split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 2, p[0].count == 4, p[1].count == 2, let y = Day.digits(p[0]), let m = Day.digits(p[1]),
              let first = Day(year: y, month: m, day: 1) else { return nil }
        return month(containing: first)
    }

    /// The ISO week of `d`. The week of 0001-01-01 starts on that Monday, and 9999-12-31 is a
    /// Friday, so the seven days may reach into year 10000 only for the last week: `last` is
    /// then clamped to 9999-12-31 rather than being a day no parser accepts.
    public static func week(containing d: Day) -> DayRange {
        let monday = d.ordinal - (d.isoWeekday - 1)
        return DayRange(kind: .week, first: Day(days: monday) ?? d, last: Day(days: monday + 6) ?? Day.lastDay)
    }

    /// The month of a valid day always exists: built from its fields, no parsing.
    public static func month(containing d: Day) -> DayRange {
        DayRange(kind: .month, first: d.withDay(1), last: d.withDay(Day.daysIn(year: d.year, month: d.month)))
    }

    /// ISO week-numbering year and week of the week starting on the Monday `monday` (days
    /// since 1970): the week belongs to the year its Thursday is in.
    static func isoWeek(ofMonday monday: Int) -> (year: Int, week: Int) {
        let thursday = Day.civil(fromDays: monday + 3)
        let dayOfYear = monday + 3 - Day.days(fromCivil: thursday.year, 1, 1)
        return (thursday.year, dayOfYear / 7 + 1)
    }

    /// `2024-03-05`, `2024-W10` or `2024-03`.
    public var description: String {
        switch kind {
        case .day: return first.description
        case .month: return String(first.description.prefix(7))
        case .week:
            let w = DayRange.isoWeek(ofMonday: first.ordinal - (first.isoWeekday - 1))
            return Day.padded(w.year, 4) + "-W" + Day.padded(w.week, 2)
        }
    }

    public func contains(_ d: Day) -> Bool { first <= d && d <= last }
}
