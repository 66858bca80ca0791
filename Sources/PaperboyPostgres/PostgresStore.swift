import Logging
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// The PostgreSQL implementation of the store protocols, for a hub that runs several
/// `paperboy serve` processes on one database server. It answers exactly as `SQLiteStore`
/// does: the conformance suites in PaperboyStoreTests run on both.
///
/// Identifiers in its SQL are never quoted, so PostgreSQL folds the camelCase names the
/// SQLite schema uses to lower case; results are read by position.
public final class PostgresStore: Sendable {
    let client: PostgresClient
    let logger: Logger
    let schema: String?
    /// Ranks keyword searches in memory when present, exactly as SQLite's does; PostgreSQL's
    /// full-text search answers until it is built, and without one.
    let keywordIndex: KeywordIndex?
    /// The client's connection pool runs for as long as the store lives.
    private let pool: Task<Void, Never>
    /// Ends once `pool` has started (queries made before warn that the pool is not running).
    private let poolStarted: AsyncStream<Void>

    init(_ location: PostgresLocation, keywordIndex: Bool, logger: Logger) {
        client = PostgresClient(configuration: location.configuration, backgroundLogger: logger)
        self.keywordIndex = keywordIndex ? KeywordIndex() : nil
        self.logger = logger
        schema = location.schema
        let (started, signal) = AsyncStream<Void>.makeStream()
        poolStarted = started
        pool = Task { [client] in
            signal.finish()
            await client.run()
        }
    }

    deinit { pool.cancel() }

    public func prepareKeywordIndex() async {
        await keywordIndex?.prepare(self)
    }

    /// Connects to the database a `postgres://` URL names and brings its schema up to date
    /// (under an advisory lock, so instances starting together migrate once). `keywordIndex`
    /// asks for the in-memory keyword index: worth it for a server, not for one search.
    public static func connect(_ url: String, keywordIndex: Bool = false,
                               logger: Logger = Logger(label: "paperboy.postgres")) async throws -> PostgresStore {
        let location = try PostgresLocation(url)
        try await probe(location, logger: logger)
        let store = PostgresStore(location, keywordIndex: keywordIndex, logger: logger)
        for await _ in store.poolStarted {}
        await Task.yield()
        try await store.migrate()
        return store
    }

    /// Opens and closes one connection, so that a server that is not there, or refuses the
    /// user or the database, is reported at once and plainly (the pool would retry for a minute).
    static func probe(_ location: PostgresLocation, logger: Logger) async throws {
        do {
            try await PostgresConnection.connect(configuration: location.probe, id: 0, logger: logger).close()
        } catch let error as PSQLError {
            let endpoint = "\(location.configuration.host ?? "?"):\(location.configuration.port ?? 5432)"
            let why = error.serverInfo?[.message] ?? error.underlying.map { "\($0)" } ?? "\(error.code)"
            throw PostgresUnreachable(description: "cannot use PostgreSQL at \(endpoint): \(why)")
        }
    }

    /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
    /// What `body` throws (a store error, the database's refusal) comes out as it was thrown,
    /// not wrapped in postgres-nio's `PostgresTransactionError`.
    func transaction<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error.commitError ?? error.beginError ?? error
        }
    }

    /// Runs one statement and reads every row it returns.
    func rows(_ query: PostgresQuery) async throws -> [PostgresRow] {
        try await client.query(query, logger: logger).collect()
    }

    /// Runs one statement for its effect.
    func execute(_ query: PostgresQuery) async throws {
        try await client.query(query, logger: logger).collect()
    }
}

extension PostgresConnection {
    /// Runs one statement inside a transaction and reads every row it returns.
    func rows(_ query: PostgresQuery, logger: Logger) async throws -> [PostgresRow] {
        try await self.query(query, logger: logger).collect()
    }
}

extension Error {
    /// Whether this is PostgreSQL refusing a duplicate key, on `constraint` when given
    /// (constraint names are PostgreSQL's defaults: `table_column_key`, lower case).
    func isUniqueViolation(constraint: String? = nil) -> Bool {
        guard let error = self as? PSQLError, error.serverInfo?[.sqlState] == "23505" else { return false }
        return constraint.map { error.serverInfo?[.constraintName] == $0 } ?? true
    }
}

/// A value in the database this build cannot read (written by a newer one, or by hand).
struct StoredValueError: Error, CustomStringConvertible {
    var description: String
}

extension PostgresStore {
    /// The case of `type` whose raw value `raw` is.
    static func known<T: RawRepresentable>(_ type: T.Type, _ raw: T.RawValue) throws -> T {
        guard let value = T(rawValue: raw) else { throw StoredValueError(description: "unknown \(T.self) \(raw) in the database") }
        return value
    }
}

/// The server named by a `postgres://` URL cannot be reached or refuses the connection, and why.
public struct PostgresUnreachable: Error, CustomStringConvertible {
    public var description: String
}
