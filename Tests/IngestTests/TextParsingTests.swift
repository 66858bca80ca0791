import Foundation
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
}
