import Foundation

/// Marks the query's terms in paper text for the search page. The text is escaped first and
/// the terms matched against the escaped text, so a term can never inject markup; math
/// (`$…$`, `$$…$$`) is left untouched so KaTeX still finds whole formulas.
struct Highlighter {
    /// Lower-cased, escaped terms, longest first so "neural network" wins over "neural".
    private let terms: [[Character]]

    init(terms: [String]) {
        let cleaned = terms.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"*")).lowercased() }
            .filter { $0.count >= 2 }
        self.terms = Set(cleaned).map { Array(Escape.html($0)) }.sorted { $0.count > $1.count }
    }

    func html(_ text: String) -> String {
        guard !terms.isEmpty else { return Escape.html(text) }
        var out = ""
        for (segment, isMath) in Highlighter.splitMath(text) {
            out += isMath ? Escape.html(segment) : mark(Escape.html(segment))
        }
        return out
    }

    /// Wraps each term occurrence that starts a word in `<mark>`. Prefix matches count
    /// (FTS5 stems nothing, but "network" should light up in "networks").
    private func mark(_ escaped: String) -> String {
        let chars = Array(escaped)
        let lower = chars.map { Character($0.lowercased()) }
        var out = ""
        var i = 0
        while i < chars.count {
            if Highlighter.startsWord(lower, at: i), let term = terms.first(where: { matches($0, in: lower, at: i) }) {
                var end = i + term.count
                // Extend to the end of the word so the mark covers "networks", not "network".
                while end < chars.count, chars[end].isLetter || chars[end].isNumber { end += 1 }
                out += "<mark>" + String(chars[i..<end]) + "</mark>"
                i = end
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return out
    }

    private func matches(_ term: [Character], in text: [Character], at i: Int) -> Bool {
        guard i + term.count <= text.count else { return false }
        for k in 0..<term.count where text[i + k] != term[k] { return false }
        return true
    }

    /// A word starts after a non-alphanumeric character, but not inside an entity like `&amp;`.
    private static func startsWord(_ text: [Character], at i: Int) -> Bool {
        guard i > 0 else { return true }
        let prev = text[i - 1]
        return !(prev.isLetter || prev.isNumber || prev == "&" || prev == "#")
    }

    /// Splits on `$…$` and `$$…$$` (an escaped `\$` is not a delimiter); an unclosed `$` is text.
    static func splitMath(_ text: String) -> [(String, Bool)] {
        var parts: [(String, Bool)] = []
        let chars = Array(text)
        var plainStart = 0, i = 0
        while i < chars.count {
            guard chars[i] == "$", i == 0 || chars[i - 1] != "\\" else { i += 1; continue }
            let delimiter = i + 1 < chars.count && chars[i + 1] == "$" ? 2 : 1
            var j = i + delimiter
            var close: Int?
            while j < chars.count {
                if chars[j] == "$", chars[j - 1] != "\\", delimiter == 1 || (j + 1 < chars.count && chars[j + 1] == "$") { close = j; break }
                j += 1
            }
            guard let close else { break }
            if plainStart < i { parts.append((String(chars[plainStart..<i]), false)) }
            let end = close + delimiter
            parts.append((String(chars[i..<end]), true))
            plainStart = end; i = end
        }
        if plainStart < chars.count { parts.append((String(chars[plainStart...]), false)) }
        return parts
    }
}
