import Foundation
import GRDB

extension SQLiteStore: CopyableStore {
    public func copyColumns(of table: CopiedTable) async throws -> [CopiedColumn] {
        try await read { db in
            guard try db.tableExists(table.name) else { return [] }
            return try db.columns(in: table.name).map { CopiedColumn($0.name, Self.copyKind(declaredType: $0.type)) }
        }
    }

    /// SQLite's affinity rules first (any type naming INT is an integer), then GRDB's names
    /// for flags, times and blobs; days and JSON are text.
    static func copyKind(declaredType: String) -> CopiedColumn.Kind {
        let type = declaredType.uppercased()
        if type.contains("INT") { return .integer }
        if type.contains("BOOL") { return .bool }
        if type.contains("DATETIME") || type.contains("TIMESTAMP") { return .time }
        if type.contains("BLOB") { return .blob }
        if type.contains("REAL") || type.contains("DOUB") || type.contains("FLOA") { return .real }
        return .text
    }

    public func copyCount(of table: CopiedTable) async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.name.quotedDatabaseIdentifier)") ?? 0 }
    }

    public func copyRows(of table: CopiedTable, columns: [CopiedColumn], after key: [CopyValue]?, limit: Int) async throws -> [[CopyValue]] {
        let names = columns.map(\.name.quotedDatabaseIdentifier).joined(separator: ", ")
        let keys = table.key.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
        var sql = "SELECT \(names) FROM \(table.name.quotedDatabaseIdentifier)"
        var arguments = StatementArguments()
        if let key {
            sql += " WHERE (\(keys)) > (\(Array(repeating: "?", count: key.count).joined(separator: ", ")))"
            arguments = StatementArguments(key.map(Self.databaseValue))
        }
        sql += " ORDER BY \(keys) LIMIT \(limit)"
        return try await read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                try columns.enumerated().map { index, column in
                    try Self.copyValue(row[index] as DatabaseValue, column, table)
                }
            }
        }
    }

    static func copyValue(_ value: DatabaseValue, _ column: CopiedColumn, _ table: CopiedTable) throws -> CopyValue {
        if value.isNull { return .null }
        let read: CopyValue? = switch column.kind {
        case .integer: Int64.fromDatabaseValue(value).map(CopyValue.integer)
        case .real: Double.fromDatabaseValue(value).map(CopyValue.real)
        case .text: String.fromDatabaseValue(value).map(CopyValue.text)
        case .blob: Data.fromDatabaseValue(value).map { .blob(Array($0)) }
        case .bool: Bool.fromDatabaseValue(value).map(CopyValue.bool)
        case .time: Date.fromDatabaseValue(value).map(CopyValue.time)
        }
        guard let read else { throw CopyError.unreadable(table: table.name, column: column.name, value: value.description) }
        return read
    }

    static func databaseValue(_ value: CopyValue) -> DatabaseValue {
        switch value {
        case .null: .null
        case .integer(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .blob(let bytes): Data(bytes).databaseValue
        case .bool(let flag): flag.databaseValue
        case .time(let date): date.databaseValue  // GRDB's text, as every record writes it
        }
    }

    public func writeCopiedRows(_ rows: [[CopyValue]], into table: CopiedTable, columns: [CopiedColumn]) async throws {
        let names = columns.map(\.name.quotedDatabaseIdentifier)
        let keys = Set(table.key.map { $0.lowercased() })
        let updates = columns.filter { !keys.contains($0.name.lowercased()) }
            .map { "\($0.name.quotedDatabaseIdentifier) = excluded.\($0.name.quotedDatabaseIdentifier)" }
        let row = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
        let sql = "INSERT INTO \(table.name.quotedDatabaseIdentifier) (\(names.joined(separator: ", "))) VALUES "
            + Array(repeating: row, count: rows.count).joined(separator: ", ")
            + " ON CONFLICT (\(table.key.map(\.quotedDatabaseIdentifier).joined(separator: ", ")))"
            + (updates.isEmpty ? " DO NOTHING" : " DO UPDATE SET " + updates.joined(separator: ", "))
        let arguments = StatementArguments(rows.flatMap { $0.map(Self.databaseValue) })
        let rowidColumn = table.name == "paper" ? columns.firstIndex { $0.name.lowercased() == "rowid" } : nil
        let rowids = rowidColumn.map { column in
            rows.compactMap { row -> Int64? in if case .integer(let rowid) = row[column] { rowid } else { nil } }
        }
        try await write { db in
            guard let rowids else { return try db.execute(sql: sql, arguments: arguments) }
            // New papers enter the full-text index once per batch, as an import's do (see
            // `indexingNewPapersOnce`); papers already copied keep their update trigger.
            let new = Set(rowids).subtracting(try Int64.fetchAll(db, sql: "SELECT rowid FROM paper WHERE rowid IN (SELECT value FROM json_each(?))",
                                                                 arguments: [Self.jsonArray(rowids)]))
            try db.execute(sql: "INSERT INTO paperFTSBatch (open) VALUES (1)")
            try db.execute(sql: sql, arguments: arguments)
            try db.execute(sql: "DELETE FROM paperFTSBatch")
            try db.execute(sql: """
                INSERT INTO paperFTS(rowid, title, abstract, authorNames)
                SELECT rowid, title, abstract, authorNames FROM paper WHERE rowid IN (SELECT value FROM json_each(?)) AND NOT deleted
                """, arguments: [Self.jsonArray(new.sorted())])
        }
    }

    /// Counts the votes afresh: copied votes counted themselves as they were inserted, but a
    /// copy run again updates them instead.
    public func finishCopy() async throws {
        try await write { db in
            try db.execute(sql: """
                DELETE FROM paperVotes;
                INSERT INTO paperVotes (paperRowid, votes) SELECT paperRowid, count(*) FROM vote GROUP BY paperRowid;
                """)
        }
    }

    public func copyTableNames() async throws -> Set<String> {
        try await read { db in
            Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'").map { $0.lowercased() })
        }
    }
}
