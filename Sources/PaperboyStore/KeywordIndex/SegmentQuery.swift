import PaperboyCore

/// A `KeywordQuery` as the index needs it: tokenized once by SQLite's tokenizer, then looked
/// up in each segment (`SegmentQuery`).
struct TokenizedQuery {
    /// Clause → alternative → tokens. Every clause must match; a clause matches when one of its
    /// alternatives does; an alternative matches when the paper has all of its tokens.
    var clauses: [[[[UInt8]]]] = []
    /// Papers with any of these tokens are out.
    var excluded: [[UInt8]] = []
    /// Every excluded term's tokens, phrases too (`PhraseMatcher` checks those).
    var excludedPhrases: [[[UInt8]]] = []
    /// True when the index alone is looser than the query: phrases and words of several tokens
    /// (word order), excluded phrases. Candidates are then confirmed (`PhraseMatcher`).
    var needsConfirmation = false
    /// The query's `cat:` and the request's category filter.
    var categoryFilters: [CategoryFilter] = []
    /// Only papers with code (the request's filter).
    var requiresCode = false
    /// Inclusive feed-day bounds as yyyymmdd.
    var since: Int32?
    var until: Int32?

    init(_ query: KeywordQuery, _ request: SearchRequest, tokenizer: FullTextTokenizer) throws {
        func tokens(_ text: String, prefix: UInt8? = nil) throws -> [[UInt8]] {
            let collector = TokenCollector(prefix: prefix)
            try tokenizer.tokenize(text, .query, collector)
            if collector.tokens.count > 1 { needsConfirmation = true }
            return collector.tokens
        }
        clauses = try query.matchClauses(request.match).map { clause in try clause.map { try tokens($0.text) } }
        clauses += try query.authors.map { [try tokens($0, prefix: SegmentBuilder.authorPrefix)] }
        for term in query.excluded {
            let words = try tokens(term.text)
            if words.count == 1 { excluded.append(words[0]) }
            excludedPhrases.append(words)
        }
        categoryFilters = [query.categories, request.filter].filter { !$0.isEmpty }
        requiresCode = request.filter.withCode
        since = query.since.map(Self.number)
        until = query.until.map(Self.number)
    }

    static func number(_ day: Day) -> Int32 {
        Int32(day.year * 10_000 + day.month * 100 + day.day)
    }
}

/// A `TokenizedQuery` in one segment's term ids, its filters as lookups on the segment's
/// per-document arrays.
struct SegmentQuery {
    /// Like `TokenizedQuery.clauses`, in term ids; nil where the segment lacks a token (the
    /// alternative cannot match here), keeping positions so segments can add up counts.
    var clauses: [[[Int32]?]]
    var excluded: [Int32]
    var needsConfirmation: Bool
    /// Per category filter, which of the segment's categories its include and exclude
    /// patterns hit.
    var categoryFilters: [(include: [Bool]?, exclude: [Bool])]
    var requiresCode: Bool
    var since: Int32?
    var until: Int32?

    /// Whether any document can fail `KeywordSegment.passes` (else scans skip the test).
    var isFiltered: Bool { since != nil || until != nil || !categoryFilters.isEmpty || requiresCode }

    init(_ query: TokenizedQuery, segment: KeywordSegment) {
        clauses = query.clauses.map { clause in
            clause.map { tokens in
                let ids = tokens.compactMap(segment.terms.lookup)
                return ids.isEmpty || ids.count < tokens.count ? nil : ids
            }
        }
        excluded = query.excluded.compactMap(segment.terms.lookup)
        needsConfirmation = query.needsConfirmation
        categoryFilters = query.categoryFilters.map { filter in
            func hits(_ patterns: [String]) -> [Bool] {
                segment.categoryNames.map { name in patterns.contains { CategoryFilter.pattern($0, matches: name) } }
            }
            return (filter.include.isEmpty ? nil : hits(filter.include), hits(filter.exclude))
        }
        requiresCode = query.requiresCode
        since = query.since
        until = query.until
    }
}

/// Collects a query's tokens as bytes (prefixed for author searches).
final class TokenCollector: TokenSink {
    let prefix: UInt8?
    var tokens: [[UInt8]] = []
    init(prefix: UInt8?) { self.prefix = prefix }

    override func add(_ token: UnsafeRawBufferPointer) {
        tokens.append((prefix.map { [$0] } ?? []) + Array(token))
    }
}
