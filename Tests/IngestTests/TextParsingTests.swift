import Foundation
import PaperboyCore
import Testing
@testable import Ingest

@Suite struct TextParsingTests {
    @Test func rfc822Dates() {
        #expect(Timestamps.rfc822("Mon, 2 Apr 2007 19:18:42 GMT") == utc("2007-04-02T19:18:42Z"))
        #expect(Timestamps.rfc822("Thu, 28 Nov 2024 00:00:00 -0500") == utc("2024-11-28T05:00:00Z"))
        #expect(Timestamps.rfc822("29 Feb 2024 12:00:00 +0130") == utc("2024-02-29T10:30:00Z"))
        #expect(Timestamps.rfc822("Mon, 30 Feb 2007 19:18:42 GMT") == nil)
        #expect(Timestamps.rfc822("yesterday") == nil)
    }

    /// Dates written by Foundation's formatter in the shapes arXiv uses (with and without the
    /// weekday, named and numeric zones, one- and two-digit days) read back to the same instant.
    @Test func rfc822AgreesWithFoundation() {
        var generator = SeededGenerator(state: 822)
        let shapes = ["EEE, d MMM yyyy HH:mm:ss 'GMT'", "d MMM yyyy HH:mm:ss Z", "EEE, dd MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm 'UT'"]
        for shape in shapes {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.dateFormat = shape
            for _ in 0..<500 {
                let zone = shape.hasSuffix("Z") ? Int.random(in: -12...14, using: &generator) * 1800 : 0
                formatter.timeZone = TimeZone(secondsFromGMT: zone)
                let seconds = shape.contains("ss") ? 1 : 60
                let date = Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000, using: &generator) / seconds * seconds))
                let text = formatter.string(from: date)
                #expect(Timestamps.rfc822(text) == date, "\(text)")
            }
        }
    }

    @Test func iso8601Dates() {
        #expect(Timestamps.iso8601("2006-01-02T14:57:58Z") == utc("2006-01-02T14:57:58Z"))
        #expect(Timestamps.iso8601("2020-09-04T00:00:00-04:00") == utc("2020-09-04T04:00:00Z"))
        #expect(Timestamps.iso8601("2026-07-09T12:17:28.000Z") == utc("2026-07-09T12:17:28Z"))
        #expect(Timestamps.iso8601("2017-06-16") == utc("2017-06-16T00:00:00Z"))
        #expect(Timestamps.iso8601("1900-02-29") == nil)
        #expect(Timestamps.iso8601("2017-06-16T10:00") == nil)
    }

    @Test func authorStrings() {
        #expect(AuthorList.parse("Ileana Streinu and Louis Theran").map(\.name) == ["Ileana Streinu", "Louis Theran"])
        #expect(AuthorList.parse("A. One, B. Two, and C. Three").map(\.name) == ["A. One", "B. Two", "C. Three"])
        #expect(AuthorList.parse("C. Bal\\'azs, M{\\\"u}ller, \\v{S}koda, Macr\\`i").map(\.name) == ["C. Balázs", "Müller", "Škoda", "Macrì"])
        let withAffiliations = AuthorList.parse("A. Brignole (CERN-TH, Geneva), F. Feruglio (Padua Univ.)")
        #expect(withAffiliations.map(\.name) == ["A. Brignole", "F. Feruglio"])
        #expect(withAffiliations.map(\.affiliation) == ["CERN-TH, Geneva", "Padua Univ."])
        #expect(AuthorList.parse("  ").isEmpty)
    }
}

/// `collapsingWhitespace` (Core) works on bytes for speed; it must agree with the plain
/// Character-based definition on arXiv-like text, including non-ASCII whitespace.
@Suite struct CollapsingWhitespaceTests {
    static func reference(_ s: String) -> String {
        s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    @Test(arguments: [
        "  A fully differential calculation in perturbative quantum chromodynamics is\npresented for the\n  production",
        "Bal\u{E1}zs\u{A0}and\u{3000}M\u{FC}ller\u{85}x\u{2028}y\u{2003}z",
        "tabs\tand\r\nCRLF\r\n\r\n  and $\\alpha$ \u{1F600} emoji  ",
        "a\u{1680}b\u{2009}c\u{202F}d\u{205F}e\u{2029}f\u{200B}g\u{FEFF}h", "\u{3000}\u{3000}日本語\u{3000}",
        "", "   ", "\u{A0}", "one",
    ])
    func agreesWithCharacterDefinition(_ s: String) {
        #expect(s.collapsingWhitespace() == Self.reference(s))
    }

    /// Long random texts, so that whitespace of every kind falls at every place in and around
    /// the sixteen-byte blocks the fast path copies whole.
    @Test func agreesOnLongRandomTexts() {
        var generator = SeededGenerator(state: 16)
        let pieces = ["word", "a", "LaTeX$\\alpha$", " ", " ", " ", "  ", "\n", "\n  ", "\t", "\r\n", "\u{A0}", "\u{3000}",
                      "\u{2009}", "é", "日本", "🚀", "0123456789abcdef"]
        for _ in 0..<2000 {
            var s = ""
            for _ in 0..<Int.random(in: 0...60, using: &generator) { s += pieces.randomElement(using: &generator)! }
            #expect(s.collapsingWhitespace() == Self.reference(s), "\(s.debugDescription)")
        }
    }
}
