import Foundation
import PaperboyCore

/// Fast, allocation-free parsers for the date formats arXiv sources use. Foundation's
/// `DateFormatter` is far too slow for millions of records and is locale-sensitive.
enum Timestamps {
    /// Lower case: month words are matched case-insensitively, byte by byte.
    private static let months = DateNames.shortMonths.map { $0.lowercased() }

    /// RFC 822 / 2822: `Mon, 2 Apr 2007 19:18:42 GMT`, `Thu, 28 Nov 2024 00:00:00 -0500`.
    /// The weekday is optional; zones are `GMT`, `UT`, `UTC`, `Z` or `±hhmm`.
    static func rfc822(_ s: String) -> Date? {
        rfc822Parts(s).map { date(year: $0.y, month: $0.m, day: $0.d, hour: $0.h, minute: $0.mi, second: $0.s, offsetSeconds: $0.offset) }
    }

    /// The calendar day an RFC 822 date names in its own time zone: arXiv stamps listing feeds
    /// `Thu, 28 Nov 2024 00:00:00 -0500`, which is 28 November, not 27 November in UTC.
    static func rfc822Day(_ s: String) -> Day? {
        rfc822Parts(s).flatMap { Day(year: $0.y, month: $0.m, day: $0.d) }
    }

    /// Read from the bytes, word by word: Kaggle records carry one RFC 822 date per version,
    /// and splitting into substrings had been a twentieth of an import's parsing time.
    private static func rfc822Parts(_ s: String) -> (y: Int, m: Int, d: Int, h: Int, mi: Int, s: Int, offset: Int)? {
        var s = s
        return s.withUTF8 { u -> (y: Int, m: Int, d: Int, h: Int, mi: Int, s: Int, offset: Int)? in
            var i = 0
            func nextWord() -> Range<Int>? {
                while i < u.count, u[i] == 0x20 { i += 1 }
                guard i < u.count else { return nil }
                let start = i
                while i < u.count, u[i] != 0x20 { i += 1 }
                return start..<i
            }
            func number(_ r: Range<Int>) -> Int? { ASCIIDecimal.value(u, r) }
            guard var word = nextWord() else { return nil }
            if u[word.upperBound - 1] == UInt8(ascii: ",") { guard let next = nextWord() else { return nil }; word = next }
            guard let day = number(word), let monthWord = nextWord(), monthWord.count >= 3,
                  let month = months.firstIndex(where: { name in
                      name.utf8.enumerated().allSatisfy { k, c in u[monthWord.lowerBound + k] | 0x20 == c }
                  }),
                  let yearWord = nextWord(), let year = number(yearWord), let clock = nextWord() else { return nil }
            // hh:mm[:ss]
            var fields: [Int?] = [], fieldStart = clock.lowerBound
            for k in clock.lowerBound...clock.upperBound where k == clock.upperBound || u[k] == UInt8(ascii: ":") {
                if k > fieldStart { fields.append(number(fieldStart..<k)) }   // empty fields are skipped
                fieldStart = k + 1
            }
            guard fields.count >= 2, let h = fields[0], let mi = fields[1], let sec = fields.count > 2 ? fields[2] : 0,
                  (0...23).contains(h), (0...59).contains(mi), (0...60).contains(sec) else { return nil }
            var offset = 0
            if let zone = nextWord(), let z = zoneOffset(String(decoding: UnsafeBufferPointer(rebasing: u[zone]), as: UTF8.self)[...]) {
                offset = z
            }
            guard Day(year: year, month: month + 1, day: day) != nil else { return nil }
            return (year, month + 1, day, h, mi, sec, offset)
        }
    }

    private static func zoneOffset(_ z: Substring) -> Int? {
        if ["GMT", "UT", "UTC", "Z"].contains(z) { return 0 }
        guard z.count == 5, let sign = z.first, sign == "+" || sign == "-",
              let hh = Int(z.dropFirst().prefix(2)), let mm = Int(z.suffix(2)) else { return nil }
        return (sign == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }

    /// ISO 8601 / RFC 3339 as Atom and Hugging Face write it: `2006-01-02T14:57:58Z`,
    /// `2020-09-04T00:00:00-04:00`, `2026-07-08T00:00:00.000Z`; a bare `YYYY-MM-DD` is midnight UTC.
    static func iso8601(_ s: String) -> Date? {
        var s = s
        return s.withUTF8 { u in iso8601(u) }
    }

    private static func iso8601(_ u: UnsafeBufferPointer<UInt8>) -> Date? {
        func num(_ from: Int, _ len: Int) -> Int? { ASCIIDecimal.value(u, from..<from + len) }
        guard let y = num(0, 4), u.count >= 10, u[4] == 45, let m = num(5, 2), u[7] == 45, let d = num(8, 2),
              Day(year: y, month: m, day: d) != nil else { return nil }
        if u.count == 10 { return date(year: y, month: m, day: d, hour: 0, minute: 0, second: 0, offsetSeconds: 0) }
        guard u.count >= 19, u[10] == 84 || u[10] == 32, let h = num(11, 2), u[13] == 58, let mi = num(14, 2),
              u[16] == 58, let sec = num(17, 2) else { return nil }
        var i = 19
        var fraction = 0.0
        if i < u.count, u[i] == 46 {
            var scale = 0.1
            i += 1
            while i < u.count, u[i] >= 48, u[i] <= 57 { fraction += Double(u[i] - 48) * scale; scale /= 10; i += 1 }
        }
        var offset = 0
        if i < u.count {
            if u[i] == 90, i == u.count - 1 { offset = 0 }
            else if u[i] == 43 || u[i] == 45, let oh = num(i + 1, 2), u.count == i + 6, u[i + 3] == 58, let om = num(i + 4, 2) {
                offset = (u[i] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
            } else { return nil }
        }
        return date(year: y, month: m, day: d, hour: h, minute: mi, second: sec, offsetSeconds: offset).addingTimeInterval(fraction)
    }

    /// Seconds since 1970 from civil time, minus the zone offset.
    static func date(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetSeconds: Int) -> Date {
        let seconds = Day.days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
