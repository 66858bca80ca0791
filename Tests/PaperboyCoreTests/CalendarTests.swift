import Foundation
import Testing
@testable import PaperboyCore

/// The shared calendar pieces (`Day.weekday`, `DateNames`, `Day.utc`) agree with Foundation.
@Suite struct CalendarTests {
    /// Every day of years around 1900 (not a leap year), 1970 (the epoch, with days before it),
    /// 2000 (a leap century) and today's.
    @Test func weekdayAgreesWithFoundationEveryDay() throws {
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = try #require(TimeZone(identifier: "UTC"))
        var checked = 0
        for years in [1899...1901, 1968...1972, 1999...2001, 2023...2027] {
            let first = Day.days(fromCivil: years.lowerBound, 1, 1)
            let last = Day.days(fromCivil: years.upperBound, 12, 31)
            for days in first...last {
                let c = Day.civil(fromDays: days)
                let day = try #require(Day(year: c.year, month: c.month, day: c.day))
                let expected = gregorian.component(.weekday, from: day.date)
                #expect(day.weekday == expected, "\(day)")
                #expect(Day.weekday(fromDays: days) == expected, "day \(days)")
                checked += 1
            }
        }
        #expect(checked == 3 * 365 + 5 * 365 + 2 + 3 * 365 + 1 + 5 * 365 + 1)
    }

    @Test func knownWeekdays() {
        #expect(Day("1970-01-01")?.weekday == 5)  // Thursday
        #expect(Day("1969-12-28")?.weekday == 1)  // Sunday
        #expect(Day("2026-12-05")?.weekday == 7)  // Saturday
        #expect(Day("0001-01-01")?.weekday == 2)  // Monday (proleptic Gregorian)
    }

    @Test func namesAreFoundationsEnglishNames() {
        let posix = DateFormatter()
        posix.locale = Locale(identifier: "en_US_POSIX")
        #expect(DateNames.months == posix.monthSymbols)
        #expect(DateNames.shortMonths == posix.shortMonthSymbols)
        #expect(DateNames.weekdays == posix.weekdaySymbols)
        #expect(DateNames.shortWeekdays == posix.shortWeekdaySymbols)
    }

    @Test func utcCalendarIsUTCWithISOWeeks() throws {
        #expect(Day.utc.timeZone.secondsFromGMT() == 0)
        #expect(Day.utc.firstWeekday == 2 && Day.utc.minimumDaysInFirstWeek == 4)
        let day = try #require(Day("2024-02-29"))
        #expect(Day.utc.date(from: DateComponents(year: 2024, month: 2, day: 29)) == day.date)
        #expect(Day.utc.component(.weekday, from: day.date) == day.weekday)
    }
}
