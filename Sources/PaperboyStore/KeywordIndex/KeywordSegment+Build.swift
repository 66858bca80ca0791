import Foundation
import GRDB

extension KeywordSegment {
    /// Reads and tokenizes the live papers of `source`: all of them, or those with the given
    /// rowids (a delta, whose lengths are then normalised by its base's `averageLength`).
    /// `version` was read before: the segment holds the store at that version or later.
    static func build(_ source: any KeywordSource, version: StoreVersion, only rowids: [Int64]? = nil,
                      averageLength: Float? = nil) async throws -> KeywordSegment {
        let sink = KeywordDocumentSink(tokenizer: try FullTextTokenizer())
        try await source.readKeywordDocuments(only: rowids, into: sink)
        return sink.finish(version: version, averageLength: averageLength)
    }

    /// The index of the document with this rowid.
    func document(rowid: Int64) -> Int? { rowids.sortedIndex(of: rowid) }

    /// Runs SQLite's tokenizer over `text`, handing each token's bytes to `sink`.
    static func tokenize(_ text: UnsafeRawBufferPointer, _ tokenizer: any FTS5Tokenizer, _ kind: FTS5Tokenization,
                         _ sink: TokenSink) throws {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        let code = tokenizer.tokenize(context: Unmanaged.passUnretained(sink).toOpaque(), tokenization: kind,
                                      pText: base.assumingMemoryBound(to: CChar.self), nText: CInt(text.count)) { context, _, token, length, _, _ in
            guard let context, let token else { return 0 }
            Unmanaged<TokenSink>.fromOpaque(context).takeUnretainedValue()
                .add(UnsafeRawBufferPointer(start: token, count: Int(length)))
            return 0
        }
        if code != 0 { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "tokenizer failed") }
    }
}

/// Receives tokens from `KeywordSegment.tokenize`.
class TokenSink {
    func add(_ token: UnsafeRawBufferPointer) {}
}

/// Accumulates documents and their token counts, then lays the postings out term by term.
final class SegmentBuilder: TokenSink {
    /// Author tokens are also indexed under this prefix, for `author:` searches.
    static let authorPrefix: UInt8 = 0x01

    var field = KeywordField.title
    private(set) var rowids: [Int64] = []
    private var lengths: [UInt32] = []
    private var feedDays: [Int32] = []
    private var hasCode: [Bool] = []
    private var categoryStart: [UInt32] = [0]
    private var categoryIDs: [UInt16] = []
    private var categoryNames: [String] = []
    private var categoryLookup: [Substring: UInt16] = [:]
    private var terms = TermTable()
    // (term, weighted frequency) pairs of every document, in document order.
    private var pairTerms: [Int32] = []
    private var pairFreqs: [UInt16] = []
    /// Where each document's pairs start.
    private var pairStart: [Int] = []
    // For each term, the document that last used it and where its pair is, so repeated
    // tokens in a document add to one pair.
    private var lastDocument: [Int32] = []
    private var lastPair: [Int] = []
    private var scratch: [UInt8] = [SegmentBuilder.authorPrefix]

    func startDocument(rowid: Int64, categories: String, feedDay: Int32, hasCode: Bool) {
        rowids.append(rowid)
        pairStart.append(pairTerms.count)
        lengths.append(0)
        feedDays.append(feedDay)
        self.hasCode.append(hasCode)
        for name in categories.split(separator: " ") {
            let id = categoryLookup[name] ?? {
                let id = UInt16(truncatingIfNeeded: categoryNames.count)
                categoryNames.append(String(name))
                categoryLookup[name] = id
                return id
            }()
            categoryIDs.append(id)
        }
        categoryStart.append(UInt32(categoryIDs.count))
    }

    override func add(_ token: UnsafeRawBufferPointer) {
        lengths[lengths.count - 1] += 1
        switch field {
        case .title: count(terms.intern(token), weight: 3)
        case .abstract: count(terms.intern(token), weight: 1)
        case .authorNames:
            count(terms.intern(token), weight: 1)
            scratch.removeSubrange(1...)
            scratch.append(contentsOf: token)
            count(scratch.withUnsafeBytes { terms.intern($0) }, weight: 1)
        }
    }

    private func count(_ term: Int32, weight: UInt16) {
        let document = Int32(rowids.count - 1), t = Int(term)
        if t == lastDocument.count {
            lastDocument.append(-1)
            lastPair.append(0)
        }
        if lastDocument[t] == document {
            pairFreqs[lastPair[t]] &+= weight
        } else {
            lastDocument[t] = document
            lastPair[t] = pairTerms.count
            pairTerms.append(term)
            pairFreqs.append(weight)
        }
    }

    func document(rowid: Int64) -> Int? { rowids.sortedIndex(of: rowid) }

    func finish(version: StoreVersion, newestRank: [Int32], averageLength: Float?) -> KeywordSegment {
        // Counting sort of the pairs by term; documents stay ascending within each term.
        var start = [Int](repeating: 0, count: terms.count + 1)
        for t in pairTerms { start[Int(t) + 1] += 1 }
        for t in 0..<terms.count { start[t + 1] += start[t] }
        var next = start
        var docs = [UInt32](repeating: 0, count: pairTerms.count)
        var freqs = [UInt16](repeating: 0, count: pairTerms.count)
        for d in 0..<rowids.count {
            let end = d + 1 < pairStart.count ? pairStart[d + 1] : pairTerms.count
            for position in pairStart[d]..<end {
                let t = Int(pairTerms[position])
                docs[next[t]] = UInt32(d)
                freqs[next[t]] = pairFreqs[position]
                next[t] += 1
            }
        }
        let total = lengths.reduce(0) { $0 + Double($1) }
        let average = averageLength ?? Float(rowids.isEmpty ? 1 : max(1, total / Double(rowids.count)))
        let k1 = KeywordSegment.k1, b = KeywordSegment.b
        let norms = lengths.map { k1 * (1 - b + b * Float($0) / average) }
        return KeywordSegment(version: version, rowids: rowids, norms: norms, averageLength: average, feedDays: feedDays, hasCode: hasCode,
                              newestRank: newestRank,
                              categoryStart: categoryStart, categoryIDs: categoryIDs, categoryNames: categoryNames,
                              terms: terms, postingStart: start, postingDocs: docs, postingFreqs: freqs)
    }
}

extension Array where Element == Int64 {
    /// Binary search in an ascending array.
    func sortedIndex(of value: Int64) -> Int? {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if self[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < count && self[low] == value ? low : nil
    }
}
