import Testing
@testable import PaperboyCore

@Suite struct CollapsingWhitespaceTests {
    /// Whitespace is judged per Unicode scalar (the White_Space property), so a combining mark
    /// after a space survives instead of vanishing with the space as part of one Character.
    @Test(arguments: ["", "a", "a b", "Café résumé naïve", "x\u{00A0}y", "x\u{2009}y", "x\u{3000}y", "x\u{205F}y",
                      "x\u{1680}y", "x\u{2028}y", "x\u{0085}y", " a", "a ", "a  b", "a\nb", "a\r\nb", "中文 テスト",
                      "e\u{0301} \u{0301}x", "\u{2003}", "x\u{2000}", "€ 5", "ʀ ʁ", "x\u{200B}y", "\t\t$\\alpha$\n  and\u{000B}b "])
    func agreesWithTheScalarDefinition(_ s: String) {
        var words: [String] = [], word = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            if scalar.properties.isWhitespace {
                if !word.isEmpty { words.append(String(word)); word = .init() }
            } else {
                word.append(scalar)
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        #expect(s.collapsingWhitespace() == words.joined(separator: " "))
    }
}
