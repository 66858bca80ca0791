import Foundation
import Testing
@testable import PaperboyCore

@Suite struct DayTests {
    /// The hand-written calendar arithmetic agrees with Foundation's Gregorian calendar in UTC,
    /// every week from 1614 to 2517 (leap years, centuries, 2000, before 1970). Foundation turns
    /// Julian before October 1582; ours stays Gregorian (proleptic), as ISO 8601 does.
    @Test func civilArithmeticAgreesWithFoundation() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        for days in stride(from: -130_004, through: 200_000, by: 7) {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400 + 45_296.5)  // 12:34:56.5 that day
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            let day = Day(date)
            #expect((day.year, day.month, day.day) == (c.year!, c.month!, c.day!), "day \(days)")
            #expect(Day.days(fromCivil: day.year, day.month, day.day) == days && Day.days(since1970: date) == days)
            if days % 7_007 == 0 { #expect(day.date == calendar.startOfDay(for: date)) }
        }
    }

    @Test func parsesOnlyRealCalendarDays() {
        #expect(Day("2024-02-29") != nil)
        #expect(Day("2023-02-29") == nil)
        #expect(Day("1900-02-29") == nil)
        #expect(Day("2000-02-29") != nil)
        #expect(Day("2024-13-01") == nil)
        #expect(Day("2024-1-01") == nil)
        #expect(Day("2024-01-01T00") == nil)
        #expect(Day("２０２４-01-01") == nil)
        #expect(Day("2024-04-31") == nil)
    }

    @Test func printsZeroPaddedISODays() {
        #expect(Day(year: 33, month: 1, day: 5)?.description == "0033-01-05")
        #expect(Day(year: 2026, month: 11, day: 23)?.description == "2026-11-23")
        #expect(Day(year: 9999, month: 12, day: 31)?.description == "9999-12-31")
    }

    @Test func convertsToAndFromUTCDates() throws {
        let d = try #require(Day("2024-03-05"))
        #expect(d.date.timeIntervalSince1970 == 1_709_596_800)
        #expect(Day(Date(timeIntervalSince1970: 1_709_596_800 + 86_399)) == d)
        #expect(d.adding(days: 1).description == "2024-03-06")
        #expect(d.adding(days: -5).description == "2024-02-29")
    }

    @Test func isoWeeksRunMondayToSunday() throws {
        // 2024-W10: Monday 4 March to Sunday 10 March 2024.
        let w = try #require(DayRange.week("2024-W10"))
        #expect(w.first.description == "2024-03-04")
        #expect(w.last.description == "2024-03-10")
        #expect(w.description == "2024-W10")
        // ISO week 1 of 2026 starts on Monday 29 December 2025.
        #expect(DayRange.week("2026-W01")?.first.description == "2025-12-29")
        #expect(DayRange.week(containing: Day("2026-01-01")!).description == "2026-W01")
        // 2020 has 53 ISO weeks; 2021 does not.
        #expect(DayRange.week("2020-W53") != nil)
        #expect(DayRange.week("2021-W53") == nil)
        #expect(DayRange.week("2024-W00") == nil)
        #expect(DayRange.week("2024-10") == nil)
    }

    @Test func monthsCoverTheWholeMonth() throws {
        let m = try #require(DayRange.month("2024-02"))
        #expect(m.first.description == "2024-02-01")
        #expect(m.last.description == "2024-02-29")
        #expect(m.contains(Day("2024-02-15")!))
        #expect(!m.contains(Day("2024-03-01")!))
        #expect(DayRange.month("2024-13") == nil)
        #expect(DayRange.month(containing: Day("2024-12-31")!).description == "2024-12")
    }
}
