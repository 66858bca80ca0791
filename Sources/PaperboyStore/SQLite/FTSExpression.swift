import PaperboyCore

/// Compiles a `KeywordQuery` to an FTS5 MATCH expression. Every term becomes a double-quoted
/// FTS5 string with its quotes doubled, so nothing typed is ever read as FTS5 syntax
/// (`NEAR(`, `*`, `^`, `:`, `AND`, parentheses are all just text to the tokenizer).
enum FTSExpression {
    /// The expression that positive matches must satisfy, nil when the query has no word,
    /// phrase or author to look for.
    static func positive(_ query: KeywordQuery, mode: MatchMode) -> String? {
        var parts = query.matchClauses(mode).map { clause in
            clause.count == 1 ? quoted(clause[0].text) : "(" + clause.map { quoted($0.text) }.joined(separator: " OR ") + ")"
        }
        parts += query.authors.map { "{authorNames} : " + quoted($0) }
        guard !parts.isEmpty else { return nil }
        var expression = parts.joined(separator: " AND ")
        if let negative = negative(query) { expression = "(" + expression + ") NOT " + negative }
        return expression
    }

    /// Any excluded term, OR-ed; nil when nothing is excluded.
    static func negative(_ query: KeywordQuery) -> String? {
        guard !query.excluded.isEmpty else { return nil }
        return "(" + query.excluded.map { quoted($0.text) }.joined(separator: " OR ") + ")"
    }

    /// Works on Unicode scalars, not Characters: a `"` followed by a combining mark is one
    /// Character to Swift but still a quote to FTS5.
    static func quoted(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            out.append(scalar)
            if scalar == "\"" { out.append("\"") }
        }
        out.append("\"")
        return String(out)
    }
}
