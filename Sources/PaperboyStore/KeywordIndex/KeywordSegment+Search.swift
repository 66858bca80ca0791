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
                    for term in ordered.dropFirst() where found.count > 0 {
                        found = Self.intersect(found, frequencies(term), combine: min)
                    }
                    return found
                }
            }
        }
    }

    /// Second half: alternatives scored with `idfs` (FTS5's bm25, a phrase as one unit), the
    /// query's logic applied, filters and `hidden` documents left out, and the best `wanted`
    /// (by score, or newest first) with the number of matches when the index alone knows it
    /// (nil when candidates needed FTS5's confirmation: the caller counts). `confirm` says
    /// whether a paper really matches; it is called only when `query.needsConfirmation`, for
    /// as few candidates as the page needs.
    func top(_ query: SegmentQuery, alternatives: [[ScoredDocuments?]], idfs: [[Float]], sort: SearchSort, wanted: Int,
             hidden: DocumentSet?, confirm: (Int64) throws -> Bool) rethrows -> (hits: [(rowid: Int64, score: Double)], total: Int?) {
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
        var ceiling: TopK.Entry?
        while accepted.count < wanted {
            var round = TopK(capacity: query.needsConfirmation ? max(32, 2 * (wanted - accepted.count)) : wanted)
            keys.withUnsafeBufferPointer { keys in
                for slot in passing {
                    let entry = TopK.Entry(score: keys[slot], slot: slot)
                    if let ceiling, !TopK.worse(entry, than: ceiling) { continue }
                    if entry.score < round.threshold { continue }  // cannot enter: skip the call
                    round.insert(score: entry.score, slot: slot)
                }
            }
            let batch = round.sorted()
            guard let last = batch.last else { break }
            for entry in batch where accepted.count < wanted {
                if try !query.needsConfirmation || confirm(rowids[Int(matches.docs[entry.slot])]) { accepted.append(entry.slot) }
            }
            ceiling = last
        }
        let hits = accepted.map { (rowid: rowids[Int(matches.docs[$0])], score: Double(matches.scores[$0])) }
        return (hits, query.needsConfirmation ? nil : passing.count)
    }

    /// Category and date filters.
    func passes(_ d: Int, _ query: SegmentQuery) -> Bool {
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
        let range = postingStart[Int(term)]..<postingStart[Int(term) + 1]
        return ScoredDocuments(docs: Array(postingDocs[range]), scores: postingFreqs[range].map(Float.init))
    }

    private func removing(_ term: Int32, from list: ScoredDocuments) -> ScoredDocuments {
        let end = postingStart[Int(term) + 1]
        var out = ScoredDocuments()
        var j = postingStart[Int(term)]
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

    /// Documents in both, scores combined. Walks the shorter list and gallops in the longer, or
    /// merges the two when their lengths are close (galloping then costs more than stepping).
    static func intersect(_ a: ScoredDocuments, _ b: ScoredDocuments, combine: (Float, Float) -> Float) -> ScoredDocuments {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        var out = ScoredDocuments()
        out.docs.reserveCapacity(short.count)
        out.scores.reserveCapacity(short.count)
        short.docs.withUnsafeBufferPointer { shortDocs in
            long.docs.withUnsafeBufferPointer { longDocs in
                short.scores.withUnsafeBufferPointer { shortScores in
                    long.scores.withUnsafeBufferPointer { longScores in
                        func keep(_ i: Int, _ j: Int) {
                            out.docs.append(shortDocs[i])
                            out.scores.append(combine(shortScores[i], longScores[j]))
                        }
                        if longDocs.count < 8 * shortDocs.count {
                            var i = 0, j = 0
                            while i < shortDocs.count, j < longDocs.count {
                                let x = shortDocs[i], y = longDocs[j]
                                if x == y { keep(i, j) }
                                if x <= y { i += 1 }
                                if y <= x { j += 1 }
                            }
                        } else {
                            var j = 0
                            for i in 0..<shortDocs.count {
                                j = gallop(longDocs, from: j, end: longDocs.count, to: shortDocs[i])
                                if j == longDocs.count { break }
                                if longDocs[j] == shortDocs[i] { keep(i, j) }
                            }
                        }
                    }
                }
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
}
