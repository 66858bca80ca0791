import PaperboyCore

/// Documents with their summed bm25 scores, ascending by document.
struct ScoredDocuments {
    var docs: [UInt32] = []
    var scores: [Float] = []
    var count: Int { docs.count }
}

extension KeywordSegment {
    /// First half of a search: each alternative's documents with its frequency (the least of
    /// its tokens': a phrase counts as often as its rarest word). Searches over several
    /// segments add these counts up for corpus-wide idfs before scoring.
    func alternativeMatches(_ query: SegmentQuery) -> [[ScoredDocuments?]] {
        query.clauses.map { clause in
            clause.map { alternative in
                alternative.map { tokens in
                    let ordered = tokens.sorted { postingCount($0) < postingCount($1) }
                    var found = frequencies(ordered[0])
                    for term in ordered.dropFirst() where found.count > 0 { found = narrowing(found, to: term) }
                    return found
                }
            }
        }
    }

    /// Second half: alternatives scored with `idfs` (FTS5's bm25, a phrase as one unit), the
    /// query's logic applied, filters and `hidden` documents left out, and the best `wanted`
    /// (by score, or newest first) with the number of matches when the index alone knows it
    /// (nil when candidates needed confirmation: the caller counts). `confirm` gives the papers
    /// of a round of candidates that really match, checked in order until it has the number
    /// asked; it is called only when `query.needsConfirmation`.
    func top(_ query: SegmentQuery, alternatives: [[ScoredDocuments?]], idfs: [[Float]], sort: SearchSort, wanted: Int,
             hidden: DocumentSet?, confirm: KeywordView.Confirm) async throws -> (hits: [(rowid: Int64, score: Double)], total: Int?) {
        let matches = combine(query, alternatives: alternatives, idfs: idfs)
        var passing: [Int] = []
        if hidden == nil, !query.isFiltered {
            passing = Array(0..<matches.count)
        } else {
            passing.reserveCapacity(matches.count)
            for i in 0..<matches.count {
                let d = Int(matches.docs[i])
                if hidden?.contains(d) != true, passes(d, query) { passing.append(i) }
            }
        }
        // The sort key of each match, read in the rounds below.
        let keys = sort == .newest ? matches.docs.map { Float(newestRank[Int($0)]) } : matches.scores
        var accepted: [Int] = []
        // Rounds of the best candidates not yet looked at, each confirmed in order, until the
        // page is full: (key, index) below `ceiling` in TopK's order (key down, index up).
        // Where few candidates confirm (words common together, rare as a phrase), each round
        // takes twice as many: a few scans of the matches instead of one per handful confirmed.
        var ceiling: TopK.Entry?
        var roundSize = query.needsConfirmation ? max(32, 2 * wanted) : wanted
        while accepted.count < wanted {
            defer { roundSize *= 2 }
            let batch = keys.withUnsafeBufferPointer { keys in TopK.round(roundSize, of: passing, below: ceiling) { keys[$0] } }
            guard let last = batch.last else { break }
            let confirmed = query.needsConfirmation
                ? try await confirm(batch.map { rowids[Int(matches.docs[$0.slot])] }, wanted - accepted.count) : nil
            for entry in batch where accepted.count < wanted {
                if confirmed?.contains(rowids[Int(matches.docs[entry.slot])]) ?? true { accepted.append(entry.slot) }
            }
            ceiling = last
        }
        let hits = accepted.map { (rowid: rowids[Int(matches.docs[$0])], score: Double(matches.scores[$0])) }
        return (hits, query.needsConfirmation ? nil : passing.count)
    }

    /// Category, date and code filters.
    func passes(_ d: Int, _ query: SegmentQuery) -> Bool {
        if query.requiresCode, !hasCode[d] { return false }
        if let since = query.since, feedDays[d] == 0 || feedDays[d] < since { return false }
        if let until = query.until, feedDays[d] == 0 || feedDays[d] > until { return false }
        let categories = categoryIDs[Int(categoryStart[d])..<Int(categoryStart[d + 1])]
        return query.categoryFilters.allSatisfy { filter in
            (filter.include.map { include in categories.contains { include[Int($0)] } } ?? true)
                && !categories.contains { filter.exclude[Int($0)] }
        }
    }

    /// Every document matching the clauses and none of the excluded tokens, with its score.
    private func combine(_ query: SegmentQuery, alternatives: [[ScoredDocuments?]], idfs: [[Float]]) -> ScoredDocuments {
        guard !alternatives.isEmpty else { return ScoredDocuments() }
        var lists = zip(alternatives, idfs).map { clause, idfs in
            zip(clause, idfs).compactMap { found, idf in found.map { scored($0, idf: idf) } }.reduce(ScoredDocuments(), Self.union)
        }
        lists.sort { $0.count < $1.count }
        var result = lists[0]
        for list in lists.dropFirst() where result.count > 0 { result = Self.intersect(result, list, combine: +) }
        for term in query.excluded where result.count > 0 { result = removing(term, from: result) }
        return result
    }

    /// Frequencies turned into bm25 scores.
    private func scored(_ found: ScoredDocuments, idf: Float) -> ScoredDocuments {
        var found = found
        norms.withUnsafeBufferPointer { norms in
            for i in 0..<found.count {
                found.scores[i] = idf * Self.weight(found.scores[i], norm: norms[Int(found.docs[i])])
            }
        }
        return found
    }

    /// A term's postings with their weighted frequencies (in `scores`, until scored).
    private func frequencies(_ term: Int32) -> ScoredDocuments {
        let range = postingRange(term)
        return ScoredDocuments(docs: Array(postingDocs[range]), scores: postingFreqs[range].map(Float.init))
    }

    private func removing(_ term: Int32, from list: ScoredDocuments) -> ScoredDocuments {
        let end = postingRange(term).upperBound
        var out = ScoredDocuments()
        var j = postingRange(term).lowerBound
        postingDocs.withUnsafeBufferPointer { excluded in
            for i in 0..<list.count {
                let d = list.docs[i]
                j = Self.gallop(excluded, from: j, end: end, to: d)
                if j == end || excluded[j] != d {
                    out.docs.append(d)
                    out.scores.append(list.scores[i])
                }
            }
        }
        return out
    }

    /// The documents of `found` that also have `term`, each with the lesser frequency (a
    /// phrase counts as often as its rarest word), read from the postings in place.
    private func narrowing(_ found: ScoredDocuments, to term: Int32) -> ScoredDocuments {
        let range = postingRange(term)
        return postingDocs.withUnsafeBufferPointer { docs in
            postingFreqs.withUnsafeBufferPointer { freqs in
                let pairs = found.docs.withUnsafeBufferPointer { Self.matchPairs($0, UnsafeBufferPointer(rebasing: docs[range])) }
                return ScoredDocuments(docs: pairs.map { found.docs[Int($0.a)] },
                                       scores: pairs.map { min(found.scores[Int($0.a)], Float(freqs[range.lowerBound + Int($0.b)])) })
            }
        }
    }

    /// Documents in both, scores combined.
    static func intersect(_ a: ScoredDocuments, _ b: ScoredDocuments, combine: (Float, Float) -> Float) -> ScoredDocuments {
        let pairs = a.docs.withUnsafeBufferPointer { aDocs in b.docs.withUnsafeBufferPointer { matchPairs(aDocs, $0) } }
        return ScoredDocuments(docs: pairs.map { a.docs[Int($0.a)] }, scores: pairs.map { combine(a.scores[Int($0.a)], b.scores[Int($0.b)]) })
    }

    /// The positions `(a, b)` of every document in both ascending lists, in order. Walks the
    /// shorter list and gallops in the longer, or merges the two when their lengths are close
    /// (then galloping costs more than stepping). The merge has no branch to mispredict: each
    /// step writes its pair and keeps it only when the documents are equal.
    static func matchPairs(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> [(a: UInt32, b: UInt32)] {
        let capacity = min(a.count, b.count) + 1  // + 1: the merge writes one step ahead of its count
        return [(a: UInt32, b: UInt32)](unsafeUninitializedCapacity: capacity) { out, count in
            count = 0
            if max(a.count, b.count) < 8 * min(a.count, b.count) {
                var i = 0, j = 0
                while i < a.count, j < b.count {
                    let x = a[i], y = b[j]
                    out[count] = (UInt32(i), UInt32(j))
                    count += x == y ? 1 : 0
                    i += x <= y ? 1 : 0
                    j += y <= x ? 1 : 0
                }
            } else {
                let swapped = a.count > b.count
                let (short, long) = swapped ? (b, a) : (a, b)
                var l = 0
                for s in 0..<short.count {
                    l = gallop(long, from: l, end: long.count, to: short[s])
                    if l == long.count { break }
                    if long[l] == short[s] {
                        out[count] = swapped ? (UInt32(l), UInt32(s)) : (UInt32(s), UInt32(l))
                        count += 1
                    }
                }
            }
        }
    }

    /// Documents in either, scores added where both have one.
    static func union(_ a: ScoredDocuments, _ b: ScoredDocuments) -> ScoredDocuments {
        if a.count == 0 { return b }
        if b.count == 0 { return a }
        var out = ScoredDocuments()
        out.docs.reserveCapacity(a.count + b.count)
        out.scores.reserveCapacity(a.count + b.count)
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a.docs[i] < b.docs[j]) {
                out.docs.append(a.docs[i]); out.scores.append(a.scores[i]); i += 1
            } else if i == a.count || b.docs[j] < a.docs[i] {
                out.docs.append(b.docs[j]); out.scores.append(b.scores[j]); j += 1
            } else {
                out.docs.append(a.docs[i]); out.scores.append(a.scores[i] + b.scores[j]); i += 1; j += 1
            }
        }
        return out
    }
}
