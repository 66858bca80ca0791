import GRDB
import PaperboyCore

/// A `KeywordQuery` compiled against one segment: words become term ids, filters become
/// predicates on the segment's per-document arrays.
struct SegmentQuery {
    /// Every token of an alternative must be in the paper (a phrase's words, in any order).
    typealias Alternative = [Int32]

    /// Every clause must match; a clause matches when one of its alternatives does. An
    /// alternative with a word no paper has is left out; a clause left empty matches nothing.
    var clauses: [[Alternative]] = []
    /// Papers with any of these tokens are out.
    var excluded: [Int32] = []
    /// True when the index alone is looser than the query: phrases and words of several tokens
    /// (word order), excluded phrases. Candidates are then confirmed by FTS5.
    var needsConfirmation = false
    /// Per category filter (the query's `cat:` and the request's), which of the segment's
    /// categories its include and exclude patterns hit.
    var categoryFilters: [(include: [Bool]?, exclude: [Bool])] = []
    /// Inclusive feed-day bounds as yyyymmdd.
    var since: Int32?
    var until: Int32?

    init(_ query: KeywordQuery, _ request: SearchRequest, segment: KeywordSegment, tokenizer: any FTS5Tokenizer) throws {
        func tokens(_ text: String, prefix: UInt8? = nil) throws -> [[UInt8]] {
            let collector = TokenCollector(prefix: prefix)
            var text = text
            try text.withUTF8 { try KeywordSegment.tokenize(UnsafeRawBufferPointer($0), tokenizer, .query, collector) }
            return collector.tokens
        }
        func alternative(_ tokens: [[UInt8]]) -> Alternative? {
            if tokens.count > 1 { needsConfirmation = true }
            let ids = tokens.compactMap(segment.terms.lookup)
            return ids.isEmpty || ids.count < tokens.count ? nil : ids
        }
        for clause in query.matchClauses(request.match) {
            clauses.append(try clause.compactMap { alternative(try tokens($0.text)) })
        }
        for author in query.authors {
            clauses.append([alternative(try tokens(author, prefix: SegmentBuilder.authorPrefix))].compactMap { $0 })
        }
        for term in query.excluded {
            let words = try tokens(term.text)
            if words.count == 1 {
                excluded += words.compactMap(segment.terms.lookup)
            } else if words.count > 1 {
                needsConfirmation = true
            }
        }
        categoryFilters = [query.categories, request.filter].filter { !$0.isEmpty }.map { filter in
            func hits(_ patterns: [String]) -> [Bool] {
                segment.categoryNames.map { name in patterns.contains { CategoryFilter.pattern($0, matches: name) } }
            }
            return (filter.include.isEmpty ? nil : hits(filter.include), hits(filter.exclude))
        }
        since = query.since.map(Self.number)
        until = query.until.map(Self.number)
    }

    static func number(_ day: Day) -> Int32 {
        Int32(day.description.replacingOccurrences(of: "-", with: "")) ?? 0
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
