import GRDB
import GRDBSQLite

/// SQLite's `porter` tokenizer, registered in its place on write connections, that hands FTS5
/// the tokens an import made beforehand (`FullTextTokens` on offer on this thread) instead of
/// tokenizing the same text again on the writer. Any other text, every query and every
/// highlight goes to SQLite's own porter, so the index and searches are exactly what they
/// would be without it, and the database needs nothing of Paperboy to be read.
final class ReplayingPorter: FTS5CustomTokenizer {
    static let name = "porter"
    /// The name SQLite's own porter keeps on connections where this one takes its place.
    static let builtinName = "paperboy_sqlite_porter"

    private let builtin: any FTS5Tokenizer
    /// Replays only for the arguments `FullTextTokens` are made with (the index's own).
    private let replays: Bool

    init(db: Database, arguments: [String]) throws {
        builtin = try db.makeTokenizer(FTS5TokenizerDescriptor(components: [Self.builtinName] + arguments))
        replays = [Self.name] + arguments == SQLiteStore.fullTextTokenizer.components
    }

    func tokenize(context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?,
                  nText: CInt, tokenCallback: @escaping FTS5TokenCallback) -> CInt {
        if replays, tokenization == .document, let offered = FullTextTokens.offered,
           let code = offered.replay(UnsafeRawBufferPointer(start: pText, count: pText == nil ? 0 : Int(nText)),
                                     context: context, callback: tokenCallback) {
            return code
        }
        return builtin.tokenize(context: context, tokenization: tokenization, pText: pText, nText: nText,
                                tokenCallback: tokenCallback)
    }

    /// Gives SQLite's porter its other name on `db`, then takes its place. Tables created or
    /// opened on `db` afterwards use this one. Registering twice does nothing.
    static func register(_ db: Database) throws {
        let api = UnsafeMutablePointer(mutating: FTS5.api(db))
        var userData: UnsafeMutableRawPointer?
        var porter = fts5_tokenizer()
        guard api.pointee.xFindTokenizer(api, builtinName, &userData, &porter) != SQLITE_OK else { return }
        guard api.pointee.xFindTokenizer(api, name, &userData, &porter) == SQLITE_OK,
              api.pointee.xCreateTokenizer(api, builtinName, userData, &porter, nil) == SQLITE_OK else {
            throw DatabaseError(message: "SQLite's FTS5 has no porter tokenizer to stand in for")
        }
        db.add(tokenizer: ReplayingPorter.self)
    }
}
