import PaperboyCore

extension KeywordSegment {
    /// The best `wanted` documents having every one of `terms` (one token each, rarest first,
    /// with their corpus-wide `idfs`) and none of `excluded`, by bm25, skipping work the page
    /// cannot need (block-max pruning): the rarest term's postings are walked a block at a time,
    /// and a block whose best possible score (its best weight plus the best weights of the
    /// other terms' blocks over the same documents) is no better than the page's current last
    /// is passed over once `countCap` matches have been counted. The result is the same page as
    /// scoring every match; `total` is exact below the cap and the cap itself ("at least")
    /// once blocks were skipped.
    func topByBlockMax(terms: [Int32], idfs: [Float], excluded: [Int32], query: SegmentQuery, wanted: Int,
                       hidden: DocumentSet?, countCap: Int) -> (hits: [(rowid: Int64, score: Double)], total: Int) {
        var top = TopK(capacity: wanted)
        var count = 0, skipped = false
        let filtered = query.since != nil || query.until != nil || !query.categoryFilters.isEmpty
        postingDocs.withUnsafeBufferPointer { docs in
            postingFreqs.withUnsafeBufferPointer { freqs in
                norms.withUnsafeBufferPointer { norms in
                    let pivot = Int(terms[0])
                    let others = terms.dropFirst().map(Int.init)
                    var cursor = others.map { postingStart[$0] }
                    var blockCursor = others.map { blockStart[$0] }
                    var excludedCursor = excluded.map { postingStart[Int($0)] }
                    blocks: for block in blockStart[pivot]..<blockStart[pivot + 1] {
                        let first = postingStart[pivot] + (block - blockStart[pivot]) * Self.blockSize
                        let end = min(first + Self.blockSize, postingStart[pivot + 1])
                        // Best possible score of any document in this block.
                        var bound = idfs[0] * blockMax[block]
                        for (i, t) in others.enumerated() {
                            var b = blockCursor[i]
                            while b < blockStart[t + 1], blockLastDoc[b] < docs[first] { b += 1 }
                            blockCursor[i] = b
                            guard b < blockStart[t + 1] else { break blocks }  // a term has no documents left
                            var best: Float = 0
                            while b < blockStart[t + 1] {
                                best = max(best, blockMax[b])
                                if blockLastDoc[b] >= docs[end - 1] { break }
                                b += 1
                            }
                            bound += idfs[i + 1] * best
                        }
                        let scoring = bound > top.threshold
                        if !scoring && count >= countCap {
                            skipped = true
                            continue
                        }
                        candidates: for p in first..<end {
                            let d = docs[p]
                            var score = scoring ? idfs[0] * Self.weight(Float(freqs[p]), norm: norms[Int(d)]) : 0
                            for (i, t) in others.enumerated() {
                                let q = Self.gallop(docs, from: cursor[i], end: postingStart[t + 1], to: d)
                                cursor[i] = q
                                if q == postingStart[t + 1] { break blocks }
                                if docs[q] != d { continue candidates }
                                if scoring { score += idfs[i + 1] * Self.weight(Float(freqs[q]), norm: norms[Int(d)]) }
                            }
                            for (i, t) in excluded.enumerated() {
                                let q = Self.gallop(docs, from: excludedCursor[i], end: postingStart[Int(t) + 1], to: d)
                                excludedCursor[i] = q
                                if q < postingStart[Int(t) + 1], docs[q] == d { continue candidates }
                            }
                            if let hidden, hidden.contains(Int(d)) { continue }
                            if filtered, !passes(Int(d), query) { continue }
                            count += 1
                            if scoring { top.insert(score: score, slot: Int(d)) }
                        }
                    }
                }
            }
        }
        let hits = top.sorted().map { (rowid: rowids[$0.slot], score: Double($0.score)) }
        return (hits, skipped ? countCap : count)
    }

    /// `gallop` over a raw buffer between `from` and `end`.
    @inline(__always)
    static func gallop(_ docs: UnsafeBufferPointer<UInt32>, from: Int, end: Int, to target: UInt32) -> Int {
        var low = from, step = 1, high = from
        while high < end, docs[high] < target {
            low = high + 1
            high += step
            step <<= 1
        }
        high = min(high, end)
        while low < high {
            let mid = (low + high) / 2
            if docs[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
