import GRDB
import PaperboyCore

/// A store as its in-memory keyword index (`KeywordIndex`) reads it. Every backend hands the
/// index the same texts, and the index tokenizes them with SQLite's tokenizer whatever the
/// backend, so SQLite and PostgreSQL rank alike.
public protocol KeywordSource: Sendable {
    /// The store's version now (see `PaperStore.version()`).
    func version() async throws -> StoreVersion
    /// The rowids of papers added, changed or deleted since `version`: at most `limit` of them.
    func keywordChanges(since version: StoreVersion, limit: Int) async throws -> [Int64]
    /// Hands `sink` every live paper (or those among `rowids`) in rowid order, then their rowids
    /// from oldest to newest (`KeywordDocumentSink.addByAge`).
    func readKeywordDocuments(only rowids: [Int64]?, into sink: KeywordDocumentSink) async throws
    /// The indexed texts of the live papers among `rowids`, for confirming phrases.
    func keywordTexts(_ rowids: [Int64]) async throws -> [KeywordText]
    /// The live papers among `rowids`.
    func keywordPapers(_ rowids: [Int64]) async throws -> [Int64: Paper]
}

/// The indexed columns of one paper, in FTS5's column order.
public struct KeywordText: Sendable {
    public var rowid: Int64
    public var title: String
    public var abstract: String
    public var authorNames: String
    public init(rowid: Int64, title: String, abstract: String, authorNames: String) {
        self.rowid = rowid; self.title = title; self.abstract = abstract; self.authorNames = authorNames
    }
}

/// The indexed columns: a title word counts three times an abstract's (`SQLiteStore.bm25Weights`);
/// author names also answer `author:` searches.
public enum KeywordField: Sendable { case title, abstract, authorNames }

/// Receives a source's papers and tokenizes them into a new segment. Unchecked `Sendable`:
/// one build at a time hands it to one source read.
public final class KeywordDocumentSink: @unchecked Sendable {
    let builder = SegmentBuilder()
    private let tokenizer: FullTextTokenizer
    private var newestRank: [Int32] = []
    private var ageRank: Int32 = 0

    init(tokenizer: FullTextTokenizer) { self.tokenizer = tokenizer }

    /// Starts the next paper (in rowid order): `feedDay` as yyyymmdd (0 when unknown),
    /// `hasCode` as corrected, `categories` separated by spaces. Its texts follow.
    public func startPaper(rowid: Int64, categories: String, feedDay: Int32, hasCode: Bool) {
        builder.startDocument(rowid: rowid, categories: categories, feedDay: feedDay, hasCode: hasCode)
    }

    /// One indexed column of the current paper, as UTF-8 bytes.
    public func addText(_ text: UnsafeRawBufferPointer, of field: KeywordField) throws {
        builder.field = field
        try tokenizer.tokenize(text, .document, builder)
    }

    /// The next paper from oldest to newest (by publication, then id), after every `add`.
    public func addByAge(rowid: Int64) {
        if newestRank.isEmpty { newestRank = Array(repeating: 0, count: builder.rowids.count) }
        if let d = builder.document(rowid: rowid) { newestRank[d] = ageRank }
        ageRank += 1
    }

    func finish(version: StoreVersion, averageLength: Float?) -> KeywordSegment {
        if newestRank.count != builder.rowids.count { newestRank = Array(repeating: 0, count: builder.rowids.count) }
        return builder.finish(version: version, newestRank: newestRank, averageLength: averageLength)
    }
}

/// An instance of SQLite's full-text tokenizer (as `paperFTS` is declared), for any backend.
/// One user at a time: unicode61 keeps a buffer.
final class FullTextTokenizer: @unchecked Sendable {
    /// Every instance is made on this private in-memory connection: opening a connection per
    /// search would cost a quarter of a millisecond, making a tokenizer on an open one costs
    /// microseconds.
    private static let lender = Result { try DatabaseQueue() }
    let tokenizer: any FTS5Tokenizer

    init() throws {
        tokenizer = try Self.lender.get().inDatabase { db in try db.makeTokenizer(SQLiteStore.fullTextTokenizer) }
    }

    /// Hands each token of `text` to `sink`.
    func tokenize(_ text: UnsafeRawBufferPointer, _ kind: FTS5Tokenization, _ sink: TokenSink) throws {
        try KeywordSegment.tokenize(text, tokenizer, kind, sink)
    }

    func tokenize(_ text: String, _ kind: FTS5Tokenization, _ sink: TokenSink) throws {
        var text = text
        try text.withUTF8 { try tokenize(UnsafeRawBufferPointer($0), kind, sink) }
    }
}
