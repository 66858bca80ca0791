/// Whether a paper matches a query exactly, as FTS5 decides it: every clause has an
/// alternative whose tokens stand next to each other, in order, within one column (an author
/// clause within the author names), and no excluded term does. The index alone cannot tell
/// word order; this confirms its candidates from their texts, on every backend.
struct PhraseMatcher {
    let query: TokenizedQuery
    let tokenizer: FullTextTokenizer

    func matches(_ text: KeywordText) throws -> Bool {
        let columns = try [text.title, text.abstract, text.authorNames].map { column in
            let collector = TokenCollector(prefix: nil)
            try tokenizer.tokenize(column, .document, collector)
            return collector.tokens
        }
        for clause in query.clauses {
            let found = clause.contains { tokens in
                guard let first = tokens.first else { return false }
                if first.first == SegmentBuilder.authorPrefix {
                    return Self.occurs(tokens.map { Array($0.dropFirst()) }, in: columns[2])
                }
                return columns.contains { Self.occurs(tokens, in: $0) }
            }
            guard found else { return false }
        }
        return !query.excludedPhrases.contains { phrase in columns.contains { Self.occurs(phrase, in: $0) } }
    }

    /// Whether `phrase` (at least one token) is a run of `column`.
    static func occurs(_ phrase: [[UInt8]], in column: [[UInt8]]) -> Bool {
        guard !phrase.isEmpty, phrase.count <= column.count else { return false }
        return (0...(column.count - phrase.count)).contains { start in
            phrase.indices.allSatisfy { column[start + $0] == phrase[$0] }
        }
    }
}
