import Foundation
import PaperboyCore

/// The date forms the web layer writes: HTTP headers and RSS (RFC 9110 IMF-fixdate, which is
/// also a valid RFC 822 date), Atom/JSON Feed (RFC 3339) and the HF API (ISO 8601 with milliseconds).
enum DateFormats {
    private static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    private static func four(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }

    /// The UTC fields of `date`, by `Day`'s arithmetic (`Calendar` took microseconds a call).
    private static func fields(_ date: Date) -> (days: Int, y: Int, m: Int, d: Int, hour: Int, minute: Int, second: Int) {
        let days = Day.days(since1970: date)
        let (y, m, d) = Day.civil(fromDays: days)
        let second = Int(date.timeIntervalSince1970.rounded(.down)) - days * 86_400
        return (days, y, m, d, second / 3600, second % 3600 / 60, second % 60)
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    static func http(_ date: Date) -> String {
        let f = fields(date)
        let weekday = DateNames.shortWeekdays[Day.weekday(fromDays: f.days) - 1]
        return "\(weekday), \(two(f.d)) \(DateNames.shortMonths[f.m - 1]) \(four(f.y)) "
            + "\(two(f.hour)):\(two(f.minute)):\(two(f.second)) GMT"
    }

    /// Parses the IMF-fixdate form only (what every current client sends); nil otherwise.
    static func parseHTTP(_ s: String) -> Date? {
        let p = s.split(separator: " ")
        guard p.count == 6, p[5] == "GMT", let day = Int(p[1]), let month = DateNames.shortMonths.firstIndex(of: String(p[2])),
              let year = Int(p[3]) else { return nil }
        let t = p[4].split(separator: ":").compactMap { Int($0) }
        guard t.count == 3 else { return nil }
        return Day.utc.date(from: DateComponents(year: year, month: month + 1, day: day, hour: t[0], minute: t[1], second: t[2]))
    }

    /// `2026-05-30T00:00:00Z` (RFC 3339) or, with milliseconds, `2026-05-30T00:00:00.000Z` as Hugging Face writes.
    static func iso(_ date: Date, milliseconds: Bool = false) -> String {
        let f = fields(date)
        var s = "\(four(f.y))-\(two(f.m))-\(two(f.d))T\(two(f.hour)):\(two(f.minute)):\(two(f.second))"
        if milliseconds {
            let fraction = date.timeIntervalSince1970 - date.timeIntervalSince1970.rounded(.down)
            let ms = min(999, Int((fraction * 1000).rounded()))
            s += "." + (ms < 10 ? "00" : ms < 100 ? "0" : "") + String(ms)
        }
        return s + "Z"
    }
}
