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

/// Issue 13, defect 1: GET /papers/week/0000-W01 crashed the server in `month(containing:)`.
@Suite struct DayRangeBoundsTests {
    @Test func yearZeroAndSignedYearsAreRefused() {
        for s in ["0000-W01", "0000-W30", "0000-W52", "+000-W01", "-001-W01", "0000-W53", "10000-W01", "2024-W1", "2024-W+1", "2024-W-1"] {
            #expect(DayRange.week(s) == nil, "\(s)")
        }
        for s in ["0000-01", "+000-01", "2024-+1", "0000-12"] { #expect(DayRange.month(s) == nil, "\(s)") }
        for s in ["0000-01-01", "+000-01-01", "2024-+1-01"] { #expect(Day(s) == nil, "\(s)") }
        #expect(Day(days: Day.days(fromCivil: 0, 12, 31)) == nil)
        #expect(Day(days: Day.days(fromCivil: 10_000, 1, 1)) == nil)
    }

    /// Every week and month the parsers accept at the edges of the calendar has tabs that can
    /// be built (`week(containing:)`, `month(containing:)` of its first and last day) and
    /// prints back to itself.
    @Test func edgeWeeksAndMonthsRoundTrip() throws {
        #expect(DayRange.week("0001-W01")?.first.description == "0001-01-01")
        #expect(DayRange.week("9999-W52")?.last.description == "9999-12-31")
        for year in [1, 2, 1582, 1970, 2020, 9998, 9999] {
            for week in 1...53 {
                let s = String(format: "%04d-W%02d", year, week)
                guard let r = DayRange.week(s) else { continue }
                #expect(r.description == s && r.last.ordinal - r.first.ordinal <= 6 && r.first.isoWeekday == 1)
                for d in [r.first, r.last] {
                    #expect(DayRange.month(containing: d).contains(d) && DayRange.week(containing: d).contains(d))
                }
            }
            for m in 1...12 {
                let r = try #require(DayRange.month(String(format: "%04d-%02d", year, m)))
                #expect(r.last.day == Day.daysIn(year: year, month: m) && r.description == String(format: "%04d-%02d", year, m))
            }
        }
    }

    /// The hand-written ISO weeks agree with Foundation's ISO 8601 calendar (which the old
    /// code used) for every week of 1900-2100.
    @Test func isoWeeksAgreeWithFoundation() throws {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for year in 1900...2100 {
            for week in 1...53 {
                var c = DateComponents()
                c.weekOfYear = week; c.yearForWeekOfYear = year; c.weekday = 2
                let monday = try #require(calendar.date(from: c))
                let exists = calendar.component(.weekOfYear, from: monday) == week
                let ours = DayRange.week(String(format: "%04d-W%02d", year, week))
                #expect((ours != nil) == exists, "\(year)-W\(week)")
                if let ours { #expect(ours.first == Day(monday), "\(year)-W\(week)") }
            }
        }
    }
}
