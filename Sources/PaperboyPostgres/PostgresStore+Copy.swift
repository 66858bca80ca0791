import Foundation
import PaperboyStore
import PostgresNIO

extension PostgresStore: CopyableStore {
    /// PostgreSQL's name for a table: `user` is reserved.
    static func copyName(_ table: CopiedTable) -> String {
        table.name == "user" ? "account" : table.name
    }

    public func copyColumns(of table: CopiedTable) async throws -> [CopiedColumn] {
        let rows = try await rows("""
            SELECT column_name, data_type FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = \(Self.copyName(table).lowercased()) ORDER BY ordinal_position
            """)
        return try rows.compactMap { row in
            let (name, type) = try row.decode((String, String).self)
            switch type {
            case "bigint", "integer", "smallint": return CopiedColumn(name, .integer)
            case "double precision", "real": return CopiedColumn(name, .real)
            case "text": return CopiedColumn(name, .text)
            case "bytea": return CopiedColumn(name, .blob)
            case "boolean": return CopiedColumn(name, .bool)
            case "timestamp with time zone": return CopiedColumn(name, .time)
            case "tsvector": return nil  // the full-text vector, made from the copied text
            default: throw CopyError.unreadable(table: table.name, column: name, value: "a column of type \(type)")
            }
        }
    }

    public func copyCount(of table: CopiedTable) async throws -> Int {
        try await rows(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(Self.copyName(table))"))
            .first.map { Int(try $0.decode(Int64.self)) } ?? 0
    }

    public func copyRows(of table: CopiedTable, columns: [CopiedColumn], after key: [CopyValue]?, limit: Int) async throws -> [[CopyValue]] {
        var query = QueryBuilder()
        let keys = table.key.joined(separator: ", ")
        var sql = "SELECT \(columns.map(\.name).joined(separator: ", ")) FROM \(Self.copyName(table))"
        if let key {
            sql += " WHERE (\(keys)) > (\(try key.map { try query.bind(copied: $0) }.joined(separator: ", ")))"
        }
        sql += " ORDER BY \(keys) LIMIT \(limit)"
        return try await rows(query.query(sql)).map { row in
            try zip(row, columns).map { cell, column in try Self.copyValue(cell, column, table) }
        }
    }

    static func copyValue(_ cell: PostgresCell, _ column: CopiedColumn, _ table: CopiedTable) throws -> CopyValue {
        guard cell.bytes != nil else { return .null }
        do {
            return switch column.kind {
            case .integer: .integer(try cell.decode(Int64.self))
            case .real: .real(try cell.decode(Double.self))
            case .text: .text(try cell.decode(String.self))
            case .blob: .blob(Array(try cell.decode(ByteBuffer.self).readableBytesView))
            case .bool: .bool(try cell.decode(Bool.self))
            case .time: .time(try cell.decode(Date.self))
            }
        } catch {
            throw CopyError.unreadable(table: table.name, column: column.name, value: "a value of type \(cell.dataType)")
        }
    }

    public func writeCopiedRows(_ rows: [[CopyValue]], into table: CopiedTable, columns: [CopiedColumn]) async throws {
        var query = QueryBuilder()
        let paper = table.name == "paper"
        var names = columns.map(\.name)
        if paper { names.append("textVector") }
        let position = Dictionary(names.enumerated().map { ($1.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var values: [String] = []
        for row in rows {
            var cells = try row.map { try query.bind(copied: $0) }
            if paper { cells.append(try Self.copiedTextVector(row, position, &query)) }
            values.append("(" + cells.joined(separator: ", ") + ")")
        }
        let keys = Set(table.key.map { $0.lowercased() })
        let updates = names.filter { !keys.contains($0.lowercased()) }.map { "\($0) = EXCLUDED.\($0)" }
        // Addresses are unique without case through an index on lower(address), not a key.
        let target = table.name == "mailSuppression" ? "(lower(address))" : "(\(table.key.joined(separator: ", ")))"
        let sql = "INSERT INTO \(Self.copyName(table)) (\(names.joined(separator: ", "))) VALUES \(values.joined(separator: ", "))"
            + " ON CONFLICT \(target) " + (updates.isEmpty ? "DO NOTHING" : "DO UPDATE SET " + updates.joined(separator: ", "))
        try await execute(query.query(sql))
    }

    /// The full-text vector a copied paper row gets: its text's, or none once deleted.
    private static func copiedTextVector(_ row: [CopyValue], _ position: [String: Int], _ query: inout QueryBuilder) throws -> String {
        func text(_ column: String) -> String {
            if let index = position[column], case .text(let text) = row[index] { text } else { "" }
        }
        if let index = position["deleted"], case .bool(true) = row[index] { return "''::tsvector" }
        return try PaperRow.textVector(title: text("title"), abstract: text("abstract"), authorNames: text("authornames"), &query)
    }

    /// Counts the votes afresh (a copy run again updates votes rather than inserting them, so
    /// they do not count themselves) and moves every id sequence past the copied ids.
    public func finishCopy() async throws {
        try await transaction { connection in
            try await connection.query("DELETE FROM paperVotes", logger: logger)
            try await connection.query("INSERT INTO paperVotes (paperRowid, votes) SELECT paperRowid, count(*) FROM vote GROUP BY paperRowid",
                                       logger: logger)
            let serials = try await connection.rows("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'
                """, logger: logger)
            for row in serials {
                let (table, column) = try row.decode((String, String).self)
                try await connection.query(PostgresQuery(unsafeSQL: """
                    SELECT setval(pg_get_serial_sequence('\(table)', '\(column)'), coalesce(max(\(column)), 0) + 1, false) FROM \(table)
                    """), logger: logger)
            }
            try await connection.query("SELECT setval('embeddingBatch', coalesce(max(savedSeq), 0) + 1, false) FROM embedding", logger: logger)
        }
    }

    public func copyTableNames() async throws -> Set<String> {
        Set(try await rows("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")
            .map { try $0.decode(String.self).lowercased() })
    }
}

extension QueryBuilder {
    /// Binds one copied cell; a NULL takes its type from the column it goes to.
    mutating func bind(copied value: CopyValue) throws -> String {
        switch value {
        case .null: bindNull()
        case .integer(let number): try bind(number)
        case .real(let number): try bind(number)
        case .text(let text): try bind(text)
        case .blob(let bytes): try bind(ByteBuffer(bytes: bytes))
        case .bool(let flag): try bind(flag)
        case .time(let date): try bind(date)
        }
    }
}
