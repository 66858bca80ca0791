/// What keyword searches read at one store version: the base segment (every live paper when it
/// was built), the delta segment (papers added or changed since), and the base documents the
/// delta replaces. Rebuilding only the delta keeps a million-paper index current after a
/// harvest in a fraction of a second instead of the base's 40.
final class KeywordView: Sendable {
    let version: StoreVersion
    let base: KeywordSegment
    let delta: KeywordSegment?
    /// Base documents changed or deleted since the base was built.
    let replaced: DocumentSet?

    init(version: StoreVersion, base: KeywordSegment, delta: KeywordSegment? = nil, replaced: DocumentSet? = nil) {
        self.version = version; self.base = base; self.delta = delta; self.replaced = replaced
    }

    var documentCount: Int { base.documentCount - (replaced?.count ?? 0) + (delta?.documentCount ?? 0) }

    /// Which of a round of candidates (rowids, best first) really match, checked in order
    /// until the second argument's number of them is found.
    typealias Confirm = ([Int64], Int) async throws -> Set<Int64>

    /// The best `wanted` matches of each segment (by score or newest; the caller merges them
    /// on the papers' own fields), and the number of matches when the index knows it.
    func search(_ query: TokenizedQuery, sort: SearchSort, wanted: Int, countCap: Int,
                confirm: Confirm) async throws -> (hits: [(rowid: Int64, score: Double)], total: Int?) {
        let segments = [base] + (delta.map { [$0] } ?? [])
        let compiled = segments.map { SegmentQuery(query, segment: $0) }
        // Plain words ranked by relevance (most searches): block-max pruning.
        if sort == .relevance, !query.needsConfirmation, !query.clauses.isEmpty, query.clauses.allSatisfy({ $0.count == 1 && $0[0].count == 1 }) {
            return wordSearch(segments, compiled, wanted: wanted, countCap: countCap)
        }
        let alternatives = zip(segments, compiled).map { $0.alternativeMatches($1) }
        // Corpus-wide idfs: an alternative's documents counted over every segment.
        let total = documentCount
        let idfs = query.clauses.indices.map { c in
            query.clauses[c].indices.map { a in
                KeywordSegment.idf(documents: alternatives.reduce(0) { $0 + ($1[c][a]?.count ?? 0) }, of: total)
            }
        }
        var hits: [(rowid: Int64, score: Double)] = []
        var count: Int? = 0
        for (i, segment) in segments.enumerated() {
            let found = try await segment.top(compiled[i], alternatives: alternatives[i], idfs: idfs, sort: sort, wanted: wanted,
                                        hidden: i == 0 ? replaced : nil, confirm: confirm)
            hits += found.hits
            count = count.flatMap { sum in found.total.map { sum + $0 } }
        }
        return (hits, count)
    }

    private func wordSearch(_ segments: [KeywordSegment], _ compiled: [SegmentQuery], wanted: Int,
                            countCap: Int) -> (hits: [(rowid: Int64, score: Double)], total: Int?) {
        let clauses = compiled[0].clauses.indices
        let postings = clauses.map { c in zip(segments, compiled).reduce(0) { n, pair in n + (pair.1.clauses[c][0].map { pair.0.postingCount($0[0]) } ?? 0) } }
        let idfs = postings.map { KeywordSegment.idf(documents: $0, of: documentCount) }
        var hits: [(rowid: Int64, score: Double)] = []
        var total = 0
        for (i, segment) in segments.enumerated() {
            let terms = compiled[i].clauses.compactMap { $0[0]?[0] }
            guard terms.count == clauses.count else { continue }  // a word this segment lacks
            let order = clauses.sorted { segment.postingCount(terms[$0]) < segment.postingCount(terms[$1]) }
            let found = segment.topByBlockMax(terms: order.map { terms[$0] }, idfs: order.map { idfs[$0] },
                                              excluded: compiled[i].excluded, query: compiled[i], wanted: wanted,
                                              hidden: i == 0 ? replaced : nil, countCap: countCap)
            hits += found.hits
            total += found.total
        }
        return (hits, total)
    }
}

/// A set of document indexes as a bitmap: membership tests in the innermost loop cost a shift.
struct DocumentSet: Sendable {
    private var words: [UInt64]
    private(set) var count = 0

    init(capacity: Int) { words = Array(repeating: 0, count: (capacity + 63) / 64) }

    mutating func insert(_ d: Int) {
        guard !contains(d) else { return }
        words[d >> 6] |= 1 << UInt64(d & 63)
        count += 1
    }

    func contains(_ d: Int) -> Bool { words[d >> 6] & (1 << UInt64(d & 63)) != 0 }
}
