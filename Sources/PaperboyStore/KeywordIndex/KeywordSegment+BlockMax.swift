import PaperboyCore

extension KeywordSegment {
    /// The best `wanted` documents having every one of `terms` (one token each, rarest first,
    /// with their corpus-wide `idfs`) and none of `excluded`, by bm25, skipping work the page
    /// cannot need (block-max pruning). The rarest term's postings are visited a block at a
    /// time; a block's bound is its best weight plus the best weights of the other terms'
    /// blocks over the same documents, and no document in it can score more.
    ///
    /// Blocks are first visited in document order, scoring and counting, until `countCap`
    /// matches are counted; the rest go best bound first and stop at the first bound below
    /// the page's current last score. A page's best documents usually sit in the few blocks
    /// with the highest bounds, so that score rises fast and most blocks are never opened.
    /// Within a block, a document is dropped as soon as the terms seen so far plus the other
    /// terms' block maxima fall below it.
    /// The result is the same page as scoring every match; `total` is exact when every block
    /// was visited and the cap itself ("at least") otherwise.
    func topByBlockMax(terms: [Int32], idfs: [Float], excluded: [Int32], query: SegmentQuery, wanted: Int,
                       hidden: DocumentSet?, countCap: Int, blocksPerRound: Int = 64) -> (hits: [(rowid: Int64, score: Double)], total: Int) {
        let plan = BlockPlan(self, terms: terms, idfs: idfs)
        var top = TopK(capacity: wanted)
        var cursors = [Int](repeating: 0, count: plan.others.count + excluded.count)
        var count = 0, skipped = false
        func visit(_ i: Int, _ mode: BlockVisit) {
            let (matches, passedOver) = visitBlock(plan, i, idfs: idfs, excluded: excluded, query: query, hidden: hidden, mode: mode,
                                                   top: &top, cursors: &cursors)
            count += matches
            skipped = skipped || passedOver
        }
        var next = 0
        while next < plan.blocks.count, count < countCap {
            // In document order a tie cannot enter (a later slot loses), hence `>`.
            visit(next, plan.bounds[next] > top.threshold ? .score : .count)
            next += 1
        }
        // The rest, best bound first: rounds of the next best blocks (sorting them all would
        // cost more than visiting the few that usually decide the page).
        var ceiling: TopK.Entry?
        rounds: while true {
            let batch = TopK.round(blocksPerRound, of: next..<plan.blocks.count, below: ceiling) { plan.bounds[$0] }
            guard let last = batch.last else { break }
            for block in batch {
                // Out of document order a tie may enter with a lower slot, hence `<`.
                if block.score < top.threshold {
                    skipped = true
                    break rounds
                }
                visit(block.slot, .prune)
            }
            ceiling = last
        }
        let hits = top.sorted().map { (rowid: rowids[$0.slot], score: Double($0.score)) }
        return (hits, skipped ? countCap : count)
    }

    /// How a block's documents are visited.
    private enum BlockVisit {
        /// Counted only: none can reach the page.
        case count
        /// Counted and scored.
        case score
        /// Scored, passing over documents that cannot reach the page: checked before looking
        /// them up in the other terms' postings and after each term, the terms not yet seen
        /// counted at their block maxima.
        case prune
    }

    /// The matches counted in the pivot's block `i` of `plan`, scored into `top` unless
    /// `mode` is `.count`, and whether any document was passed over uncounted. `cursors` is
    /// scratch space, one slot per other and excluded term.
    private func visitBlock(_ plan: BlockPlan, _ i: Int, idfs: [Float], excluded: [Int32], query: SegmentQuery, hidden: DocumentSet?,
                            mode: BlockVisit, top: inout TopK, cursors: inout [Int]) -> (count: Int, passedOver: Bool) {
        let filtered = query.isFiltered
        let others = plan.others
        let scoring = mode != .count
        var count = 0, passedOver = false
        postingDocs.withUnsafeBufferPointer { docs in
            postingFreqs.withUnsafeBufferPointer { freqs in
                norms.withUnsafeBufferPointer { norms in
                    cursors.withUnsafeMutableBufferPointer { cursor in
                        let (first, end) = plan.blocks[i]
                        for k in others.indices { cursor[k] = plan.otherStarts[i * others.count + k] }
                        for (k, t) in excluded.enumerated() {
                            let postings = postingRange(t)
                            cursor[others.count + k] = Self.gallop(docs, from: postings.lowerBound, end: postings.upperBound, to: docs[first])
                        }
                        // Whether a document whose first `k` terms add up to `score` can still reach
                        // the page, the other terms at their block maxima. Added in the order the
                        // score adds, so rounding cannot put the score above the bound.
                        func reaches(_ score: Float, after k: Int) -> Bool {
                            var bound = score
                            for j in k..<others.count { bound += plan.otherMaxima[i * others.count + j] }
                            return bound >= top.threshold
                        }
                        candidates: for p in first..<end {
                            let d = docs[p]
                            var score = scoring ? idfs[0] * Self.weight(Float(freqs[p]), norm: norms[Int(d)]) : 0
                            if mode == .prune, !reaches(score, after: 0) {
                                passedOver = true
                                continue
                            }
                            for (k, t) in others.enumerated() {
                                let q = Self.gallop(docs, from: cursor[k], end: postingStart[t + 1], to: d)
                                cursor[k] = q
                                if q == postingStart[t + 1] { return }  // no later document has this term
                                if docs[q] != d { continue candidates }
                                if scoring { score += idfs[k + 1] * Self.weight(Float(freqs[q]), norm: norms[Int(d)]) }
                                if mode == .prune, k + 1 < others.count, !reaches(score, after: k + 1) {
                                    passedOver = true
                                    continue candidates
                                }
                            }
                            for (k, t) in excluded.enumerated() {
                                let end = postingRange(t).upperBound
                                let q = Self.gallop(docs, from: cursor[others.count + k], end: end, to: d)
                                cursor[others.count + k] = q
                                if q < end, docs[q] == d { continue candidates }
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
        return (count, passedOver)
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

/// The pivot's blocks that can hold matches, each with its score bound and, per other term,
/// the posting where that term's documents for the block begin; found in one forward walk
/// over every term's block list.
private struct BlockPlan {
    /// Other terms, as indexes into the segment's posting lists.
    let others: [Int]
    /// Pivot postings `first..<end` of each block.
    var blocks: [(first: Int, end: Int)] = []
    var bounds: [Float] = []
    /// `otherMaxima[i * others.count + k]`: the best weighted score term `others[k]` can add in block `i`.
    var otherMaxima: [Float] = []
    /// `otherStarts[i * others.count + k]`: where term `others[k]`'s postings for block `i` start.
    var otherStarts: [Int] = []

    init(_ segment: KeywordSegment, terms: [Int32], idfs: [Float]) {
        let pivot = Int(terms[0])
        others = terms.dropFirst().map(Int.init)
        let blockStart = segment.blockStart, postingStart = segment.postingStart
        let blockMax = segment.blockMax, lastDoc = segment.blockLastDoc, docs = segment.postingDocs
        var blockCursor = others.map { blockStart[$0] }
        var starts: [Int] = [], maxima: [Float] = []
        blocks.reserveCapacity(blockStart[pivot + 1] - blockStart[pivot])
        for block in blockStart[pivot]..<blockStart[pivot + 1] {
            let first = postingStart[pivot] + (block - blockStart[pivot]) * KeywordSegment.blockSize
            let end = min(first + KeywordSegment.blockSize, postingStart[pivot + 1])
            var bound = idfs[0] * blockMax[block]
            starts.removeAll(keepingCapacity: true)
            maxima.removeAll(keepingCapacity: true)
            for (k, t) in others.enumerated() {
                var b = blockCursor[k]
                while b < blockStart[t + 1], lastDoc[b] < docs[first] { b += 1 }
                blockCursor[k] = b
                guard b < blockStart[t + 1] else { return }  // a term has no documents left
                starts.append(postingStart[t] + (b - blockStart[t]) * KeywordSegment.blockSize)
                var best: Float = 0
                while b < blockStart[t + 1] {
                    best = max(best, blockMax[b])
                    if lastDoc[b] >= docs[end - 1] { break }
                    b += 1
                }
                maxima.append(idfs[k + 1] * best)
                bound += maxima[k]
            }
            blocks.append((first, end))
            bounds.append(bound)
            otherStarts += starts
            otherMaxima += maxima
        }
    }
}
