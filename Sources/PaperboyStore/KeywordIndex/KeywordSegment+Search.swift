import PaperboyCore

/// Documents with their summed bm25 scores, ascending by document.
struct ScoredDocuments {
    var docs: [UInt32] = []
    var scores: [Float] = []
    var count: Int { docs.count }
}

extension KeywordSegment {
    /// One page of matches, best first (or newest first), and the number of matches when the
    /// index alone knows it (nil when candidates needed FTS5's confirmation: the caller counts).
    /// `confirm` says whether a paper really matches the query; it is called only when
    /// `query.needsConfirmation`, for as few candidates as the page needs.
    func search(_ query: SegmentQuery, sort: SearchSort, offset: Int, limit: Int,
                confirm: (Int64) throws -> Bool) rethrows -> (hits: [(rowid: Int64, score: Double)], total: Int?) {
        let matches = self.matches(query)
        var passing: [Int] = []
        passing.reserveCapacity(matches.count)
        for i in 0..<matches.count where passes(Int(matches.docs[i]), query) { passing.append(i) }

        func key(_ i: Int) -> Float { sort == .newest ? Float(newestRank[Int(matches.docs[i])]) : matches.scores[i] }
        let wanted = offset + limit
        var accepted: [Int] = []
        // Rounds of the best candidates not yet looked at, each confirmed in order, until the
        // page is full: (key, index) below `ceiling` in TopK's order (key down, index up).
        var ceiling: (key: Float, slot: Int)?
        while accepted.count < wanted {
            var round = TopK(capacity: query.needsConfirmation ? max(32, 2 * (wanted - accepted.count)) : wanted)
            for slot in passing {
                let k = key(slot)
                if let c = ceiling, k > c.key || (k == c.key && slot <= c.slot) { continue }
                round.insert(score: k, slot: slot)
            }
            let batch = round.sorted()
            guard let last = batch.last else { break }
            for entry in batch where accepted.count < wanted {
                if try !query.needsConfirmation || confirm(rowids[Int(matches.docs[entry.slot])]) { accepted.append(entry.slot) }
            }
            ceiling = (last.score, last.slot)
        }
        let hits = accepted.dropFirst(offset).map { (rowid: rowids[Int(matches.docs[$0])], score: Double(matches.scores[$0])) }
        return (hits, query.needsConfirmation ? nil : passing.count)
    }

    /// Category and date filters.
    private func passes(_ d: Int, _ query: SegmentQuery) -> Bool {
        if let since = query.since, feedDays[d] == 0 || feedDays[d] < since { return false }
        if let until = query.until, feedDays[d] == 0 || feedDays[d] > until { return false }
        let categories = categoryIDs[Int(categoryStart[d])..<Int(categoryStart[d + 1])]
        return query.categoryFilters.allSatisfy { filter in
            (filter.include.map { include in categories.contains { include[Int($0)] } } ?? true)
                && !categories.contains { filter.exclude[Int($0)] }
        }
    }

    /// Every document matching the clauses and none of the excluded tokens, with its score.
    func matches(_ query: SegmentQuery) -> ScoredDocuments {
        guard !query.clauses.isEmpty else { return ScoredDocuments() }
        var lists = query.clauses.map { clause in
            clause.map(alternative).reduce(ScoredDocuments(), Self.union)
        }
        lists.sort { $0.count < $1.count }
        var result = lists[0]
        for list in lists.dropFirst() where result.count > 0 { result = Self.intersect(result, list, combine: +) }
        for term in query.excluded where result.count > 0 { result = removing(term, from: result) }
        return result
    }

    /// Documents with every token of an alternative, scored like FTS5 scores a phrase: as one
    /// unit, its frequency the least of its tokens' and its idf from the documents that have
    /// them all (what FTS5 counts by reading positions, here without them).
    private func alternative(_ tokens: [Int32]) -> ScoredDocuments {
        let ordered = tokens.sorted { postingCount($0) < postingCount($1) }
        var found = frequencies(ordered[0])
        for term in ordered.dropFirst() where found.count > 0 { found = Self.intersect(found, frequencies(term), combine: min) }
        let idf = Self.idf(documents: found.count, of: documentCount), k1 = Self.k1
        norms.withUnsafeBufferPointer { norms in
            for i in 0..<found.count {
                let f = found.scores[i]
                found.scores[i] = idf * f * (k1 + 1) / (f + norms[Int(found.docs[i])])
            }
        }
        return found
    }

    /// A term's postings with their weighted frequencies (in `scores`, until scored).
    private func frequencies(_ term: Int32) -> ScoredDocuments {
        let range = postingStart[Int(term)]..<postingStart[Int(term) + 1]
        return ScoredDocuments(docs: Array(postingDocs[range]), scores: postingFreqs[range].map(Float.init))
    }

    private func removing(_ term: Int32, from list: ScoredDocuments) -> ScoredDocuments {
        let excluded = postingDocs[postingStart[Int(term)]..<postingStart[Int(term) + 1]]
        var out = ScoredDocuments()
        var j = excluded.startIndex
        for i in 0..<list.count {
            let d = list.docs[i]
            j = Self.gallop(excluded, from: j, to: d)
            if j == excluded.endIndex || excluded[j] != d {
                out.docs.append(d)
                out.scores.append(list.scores[i])
            }
        }
        return out
    }

    /// Documents in both, scores combined. Walks the shorter list and gallops in the longer.
    static func intersect(_ a: ScoredDocuments, _ b: ScoredDocuments, combine: (Float, Float) -> Float) -> ScoredDocuments {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        var out = ScoredDocuments()
        out.docs.reserveCapacity(short.count)
        out.scores.reserveCapacity(short.count)
        var j = 0
        for i in 0..<short.count {
            let d = short.docs[i]
            j = gallop(long.docs[...], from: j, to: d)
            if j == long.count { break }
            if long.docs[j] == d {
                out.docs.append(d)
                out.scores.append(combine(short.scores[i], long.scores[j]))
            }
        }
        return out
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

    /// The first index at or after `from` whose document is ≥ `target` (endIndex if none):
    /// doubling steps, then binary search, so skipping far ahead costs a logarithm.
    static func gallop(_ docs: ArraySlice<UInt32>, from: Int, to target: UInt32) -> Int {
        var low = from, step = 1, high = from
        while high < docs.endIndex, docs[high] < target {
            low = high + 1
            high += step
            step <<= 1
        }
        high = min(high, docs.endIndex)
        while low < high {
            let mid = (low + high) / 2
            if docs[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
