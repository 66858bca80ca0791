import Foundation
import GRDB
import PaperboyCore

/// The SQLite implementation of `PaperStore`: one value owning the database writer and the
/// schema migrations, in the shape GRDB's author recommends ("AppDatabase"). Files open as a
/// `DatabasePool` (WAL: readers never wait for the importer); tests use an in-memory queue.
public final class SQLiteStore: PaperStore {
    /// Serialises writes; concurrent reads on a pool.
    let dbWriter: any DatabaseWriter
    /// Matches past which ranking looks only at the newest ones (see `defaultRankingWindow`).
    let rankingWindow: Int
    /// Ranks keyword searches in memory when present (see `KeywordIndex`); FTS5 alone otherwise.
    let keywordIndex: KeywordIndex?
    /// For database files: keeps checkpoints off the writer during imports.
    let checkpointer: BackgroundCheckpointer?

    /// Wraps a writer and brings its schema up to date. With `keywordIndex`, searches run on an
    /// in-memory index: worth it for a server, not for one search from the command line.
    public convenience init(_ dbWriter: any DatabaseWriter, rankingWindow: Int = SQLiteStore.defaultRankingWindow,
                            keywordIndex: Bool = false) throws {
        try self.init(dbWriter, rankingWindow: rankingWindow, keywordIndex: keywordIndex ? KeywordIndex.Policy() : nil, checkpointer: nil)
    }

    /// `keywordIndex` sets when the index updates inline, in a delta or from scratch (tests).
    init(_ dbWriter: any DatabaseWriter, rankingWindow: Int, keywordIndex: KeywordIndex.Policy?,
         checkpointer: BackgroundCheckpointer? = nil) throws {
        self.dbWriter = dbWriter
        self.rankingWindow = max(1, rankingWindow)
        self.checkpointer = checkpointer
        self.keywordIndex = keywordIndex.map { KeywordIndex(policy: $0) }
        try Self.migrator.migrate(dbWriter)
    }

    /// Opens (creating when missing) the database file at `path` in WAL mode.
    public static func open(path: String, rankingWindow: Int = defaultRankingWindow, keywordIndex: Bool = false) throws -> SQLiteStore {
        var configuration = makeConfiguration()
        // Another process (a second `serve`, an import) may hold the write lock, or be
        // migrating the file it just created: wait for it rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(BackgroundCheckpointer.walPagesBeforeWriterCheckpoints)")
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        return try SQLiteStore(pool, rankingWindow: rankingWindow, keywordIndex: keywordIndex ? KeywordIndex.Policy() : nil,
                               checkpointer: BackgroundCheckpointer(path: path))
    }

    /// A private database that lives as long as the store: for tests and evaluation runs.
    public static func inMemory(rankingWindow: Int = defaultRankingWindow, keywordIndex: Bool = false) throws -> SQLiteStore {
        try SQLiteStore(DatabaseQueue(configuration: makeConfiguration()), rankingWindow: rankingWindow, keywordIndex: keywordIndex)
    }

    /// The tokenizer `paperFTS` was declared with (first migration).
    static let fullTextTokenizer: FTS5TokenizerDescriptor = .porter(wrapping: .unicode61(diacritics: .remove))

    public func prepareKeywordIndex() async {
        await keywordIndex?.prepare(self)
    }

    static func makeConfiguration() -> Configuration {
        var config = Configuration()
        config.prepareDatabase { db in
            // Synchronous NORMAL is durable enough in WAL mode (a power cut can lose the last
            // transactions, never corrupt) and makes big imports much faster.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Memory-mapped reads save a copy per page on searches over big indexes.
            try db.execute(sql: "PRAGMA mmap_size = 1073741824")
            try db.execute(sql: "PRAGMA cache_size = -65536")
            if !db.configuration.readonly { try ReplayingPorter.register(db) }
            db.add(function: SQLFunctions.trending)
        }
        return config
    }

    /// Runs `body` in one write transaction.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await dbWriter.write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await dbWriter.read(body)
    }

    /// How many rows of `table` (one of ours, never user input) are in each `status`; a status
    /// this build doesn't know (written by a newer one) is left out.
    func countsByStatus<Status: RawRepresentable & Hashable & Sendable>(_ table: String) async throws -> [Status: Int]
    where Status.RawValue == String {
        try await read { db in
            var counts: [Status: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) FROM \(table) GROUP BY status") {
                if let status = Status(rawValue: row[0]) { counts[status] = row[1] }
            }
            return counts
        }
    }
}

/// Swift functions callable from SQL.
enum SQLFunctions {
    /// `trending(votes, hoursSince)`: `Trending.score`, so SQL can sort by it and fetch one page.
    static let trending = DatabaseFunction("trending", argumentCount: 2, pure: true) { values in
        let votes = Int.fromDatabaseValue(values[0]) ?? 0
        let hours = Double.fromDatabaseValue(values[1]) ?? 0
        let now = Date(timeIntervalSinceReferenceDate: 0)
        return Trending.score(votes: votes, since: now.addingTimeInterval(-hours * 3600), now: now)
    }
}
