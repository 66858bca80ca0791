import Foundation

/// An immutable in-memory inverted index over every live paper of one store version: the
/// postings FTS5 has on disk, laid out so a query walks plain arrays. FTS5's bm25 must visit
/// each match through its virtual-table machinery (half a second for a word in a third of a
/// million papers); here the same formula runs over contiguous memory.
///
/// Tokens come from SQLite's own tokenizer (porter over unicode61, as `paperFTS` is declared),
/// so a word matches here exactly when it matches there. Scores follow FTS5's `bm25()` with
/// the store's column weights; the one difference is that a phrase's frequency and document
/// count are those of its words together in any order (no positions are kept).
final class KeywordSegment: Sendable {
    /// The store version this segment describes.
    let version: StoreVersion

    // Documents, by dense index in rowid order.
    let rowids: [Int64]
    /// `k1 · (1 − b + b · length / average length)`, bm25's length normalisation per document.
    let norms: [Float]
    /// The average length those norms were computed with (a delta uses its base's).
    let averageLength: Float
    /// Feed day as yyyymmdd, 0 when the paper has none.
    let feedDays: [Int32]
    /// Whether the paper has code (`SQLiteStore.effectiveHasCodeSQL`), for the code filter.
    let hasCode: [Bool]
    /// Position in (published, id) order, so "newest" sorts like the SQL path.
    let newestRank: [Int32]
    /// Categories of document `d`: `categoryIDs[categoryStart[d]..<categoryStart[d + 1]]`.
    let categoryStart: [UInt32]
    let categoryIDs: [UInt16]
    let categoryNames: [String]

    // Postings of term `t`: `postingDocs[postingStart[t]..<postingStart[t + 1]]`, ascending,
    // with the weighted frequency (title 3, abstract and authors 1) beside each.
    let terms: TermTable
    let postingStart: [Int]
    let postingDocs: [UInt32]
    let postingFreqs: [UInt16]
    // Blocks of `blockSize` postings: term `t` has blocks `blockStart[t]..<blockStart[t + 1]`,
    // each with its best `weight` and its last document, so searches can skip blocks whose
    // best possible score cannot reach the page (see `KeywordSegment+BlockMax.swift`).
    let blockStart: [Int]
    let blockMax: [Float]
    let blockLastDoc: [UInt32]
    static let blockSize = 128

    init(version: StoreVersion, rowids: [Int64], norms: [Float], averageLength: Float, feedDays: [Int32], hasCode: [Bool],
         newestRank: [Int32], categoryStart: [UInt32], categoryIDs: [UInt16], categoryNames: [String],
         terms: TermTable, postingStart: [Int], postingDocs: [UInt32], postingFreqs: [UInt16]) {
        self.version = version; self.rowids = rowids; self.norms = norms; self.averageLength = averageLength
        self.feedDays = feedDays; self.hasCode = hasCode
        self.newestRank = newestRank; self.categoryStart = categoryStart; self.categoryIDs = categoryIDs
        self.categoryNames = categoryNames; self.terms = terms; self.postingStart = postingStart
        self.postingDocs = postingDocs; self.postingFreqs = postingFreqs
        var blockStart = [Int](), blockMax = [Float](), blockLastDoc = [UInt32]()
        blockStart.reserveCapacity(postingStart.count)
        for t in 0..<max(0, postingStart.count - 1) {
            blockStart.append(blockMax.count)
            for first in stride(from: postingStart[t], to: postingStart[t + 1], by: Self.blockSize) {
                let end = min(first + Self.blockSize, postingStart[t + 1])
                var best: Float = 0
                for p in first..<end { best = max(best, Self.weight(Float(postingFreqs[p]), norm: norms[Int(postingDocs[p])])) }
                blockMax.append(best)
                blockLastDoc.append(postingDocs[end - 1])
            }
        }
        blockStart.append(blockMax.count)
        self.blockStart = blockStart; self.blockMax = blockMax; self.blockLastDoc = blockLastDoc
    }

    var documentCount: Int { rowids.count }

    /// Megabytes of postings and per-document arrays, for logs and benchmarks.
    var megabytes: Double {
        let postingBytes = postingDocs.count * 6 + blockMax.count * 8
        let documentBytes = rowids.count * 23 + categoryIDs.count * 2
        return Double(postingBytes + documentBytes) / 1_048_576
    }

    /// Where term `term`'s postings are in `postingDocs` and `postingFreqs`.
    func postingRange(_ term: Int32) -> Range<Int> { postingStart[Int(term)]..<postingStart[Int(term) + 1] }

    func postingCount(_ term: Int32) -> Int { postingRange(term).count }

    /// FTS5's idf: never below a tiny positive value, so a word in most papers still counts.
    /// With a delta, counts include base copies it replaced, so `documents` can pass `total`.
    static func idf(documents: Int, of total: Int) -> Float {
        let total = Double(total), n = min(Double(documents), total)
        let idf = log((total - n + 0.5) / (n + 0.5))
        return Float(idf > 0 ? idf : 1e-6)
    }

    /// bm25's term-frequency part for weighted frequency `f` in a document with `norm`; a
    /// term's score is its idf times this.
    @inline(__always)
    static func weight(_ f: Float, norm: Float) -> Float { f * (k1 + 1) / (f + norm) }

    /// FTS5's bm25 constants.
    static let k1: Float = 1.2, b: Float = 0.75
}
