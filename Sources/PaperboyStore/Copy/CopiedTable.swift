import Foundation

/// What `paperboy copy-db` moves between two stores of either backend: a table named as SQLite
/// names it (PostgreSQL's `account` is `user`), copied in the order of its key. Each store
/// describes its own columns (`CopyableStore.copyColumns`), so a migration that adds a column
/// needs nothing here; a new table must be added to `StoreCopier.tables` or
/// `StoreCopier.derivedTables` (a test checks both schemas against them).
public struct CopiedTable: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var key: [String]

    public init(_ name: String, key: [String]) {
        self.name = name
        self.key = key
    }

    public var description: String { name }
}

/// A column as both backends can carry it. Days, JSON and ids are text on both; times are
/// SQLite's GRDB text and PostgreSQL's `timestamptz`; flags are 0/1 and `boolean`.
public struct CopiedColumn: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case integer, real, text, blob, bool, time
    }

    public var name: String
    public var kind: Kind

    public init(_ name: String, _ kind: Kind) {
        self.name = name
        self.kind = kind
    }

    public var description: String { "\(name) (\(kind.rawValue))" }
}

/// One cell on its way from one store to the other.
public enum CopyValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
    case bool(Bool)
    case time(Date)
}

/// A store `paperboy copy-db` can read from and write to. Rows are read in key order, a page
/// at a time, and written as upserts: a copy run again updates what changed and adds what is
/// new, and never fails on what an earlier run wrote.
public protocol CopyableStore: Sendable {
    /// The columns `table` stores, in the store's order, without those it derives (PostgreSQL's
    /// full-text vector). Empty when the store has no such table.
    func copyColumns(of table: CopiedTable) async throws -> [CopiedColumn]
    func copyCount(of table: CopiedTable) async throws -> Int
    /// Up to `limit` rows whose key comes after `key` (from the first row when nil), in key order.
    func copyRows(of table: CopiedTable, columns: [CopiedColumn], after key: [CopyValue]?, limit: Int) async throws -> [[CopyValue]]
    /// Inserts the rows, or updates those whose key is already there, in one transaction.
    func writeCopiedRows(_ rows: [[CopyValue]], into table: CopiedTable, columns: [CopiedColumn]) async throws
    /// Rebuilds what the store derives from the copied rows (vote counts, id sequences).
    func finishCopy() async throws
    /// Every table the store's schema has, lower-cased (to check the table lists).
    func copyTableNames() async throws -> Set<String>
}
