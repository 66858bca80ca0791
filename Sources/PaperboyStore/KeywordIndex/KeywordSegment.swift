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
    /// Feed day as yyyymmdd, 0 when the paper has none.
    let feedDays: [Int32]
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

    init(version: StoreVersion, rowids: [Int64], norms: [Float], feedDays: [Int32], newestRank: [Int32],
         categoryStart: [UInt32], categoryIDs: [UInt16], categoryNames: [String],
         terms: TermTable, postingStart: [Int], postingDocs: [UInt32], postingFreqs: [UInt16]) {
        self.version = version; self.rowids = rowids; self.norms = norms; self.feedDays = feedDays
        self.newestRank = newestRank; self.categoryStart = categoryStart; self.categoryIDs = categoryIDs
        self.categoryNames = categoryNames; self.terms = terms; self.postingStart = postingStart
        self.postingDocs = postingDocs; self.postingFreqs = postingFreqs
    }

    var documentCount: Int { rowids.count }

    /// Megabytes of postings and per-document arrays, for logs and benchmarks.
    var megabytes: Double {
        let postingBytes = postingDocs.count * 6
        let documentBytes = rowids.count * 22 + categoryIDs.count * 2
        return Double(postingBytes + documentBytes) / 1_048_576
    }

    func postingCount(_ term: Int32) -> Int { postingStart[Int(term) + 1] - postingStart[Int(term)] }

    /// FTS5's idf: never below a tiny positive value, so a word in most papers still counts.
    static func idf(documents: Int, of total: Int) -> Float {
        let n = Double(documents), total = Double(total)
        let idf = log((total - n + 0.5) / (n + 0.5))
        return Float(idf <= 0 ? 1e-6 : idf)
    }

    /// FTS5's bm25 constants.
    static let k1: Float = 1.2, b: Float = 0.75
}
