import Foundation
import GRDB
import PaperboyCore

/// What the in-memory keyword index reads of a SQLite store.
extension SQLiteStore: KeywordSource {
    public func keywordChanges(since version: StoreVersion, limit: Int) async throws -> [Int64] {
        try await read { db in
            try Int64.fetchAll(db, sql: """
                SELECT rowid FROM paper WHERE rowid > ? UNION SELECT paperRowid FROM paperChange WHERE seq > ? LIMIT ?
                """, arguments: [version.lastPaper, version.lastChange, limit])
        }
    }

    /// One read transaction: the documents and their ages are of one snapshot.
    public func readKeywordDocuments(only rowids: [Int64]?, into sink: KeywordDocumentSink) async throws {
        try await read { db in
            let restriction = rowids == nil ? "" : " AND rowid IN (SELECT value FROM json_each(?))"
            let arguments: StatementArguments = rowids.map { [Self.jsonArray($0)] } ?? []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT rowid, title, abstract, authorNames, categories, coalesce(CAST(replace(feedDay, '-', '') AS INTEGER), 0),
                       \(Self.effectiveHasCodeSQL)
                FROM paper p WHERE NOT deleted\(restriction) ORDER BY rowid
                """, arguments: arguments)
            while let row = try rows.next() {
                sink.startPaper(rowid: row[0], categories: row[4], feedDay: row[5], hasCode: row[6])
                for (column, field) in [(1, KeywordField.title), (2, .abstract), (3, .authorNames)] {
                    try row.withUnsafeData(atIndex: column) { data in
                        try (data ?? Data()).withUnsafeBytes { try sink.addText($0, of: field) }
                    }
                }
            }
            let byAge = try Int64.fetchCursor(db, sql: "SELECT rowid FROM paper WHERE NOT deleted\(restriction) ORDER BY published, id",
                                              arguments: arguments)
            while let rowid = try byAge.next() { sink.addByAge(rowid: rowid) }
        }
    }

    public func keywordTexts(_ rowids: [Int64]) async throws -> [KeywordText] {
        try await read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT rowid, title, abstract, authorNames FROM paper WHERE rowid IN (SELECT value FROM json_each(?)) AND NOT deleted
                """), arguments: [Self.jsonArray(rowids)])
                .map { KeywordText(rowid: $0[0], title: $0[1], abstract: $0[2], authorNames: $0[3]) }
        }
    }

    public func keywordPapers(_ rowids: [Int64]) async throws -> [Int64: Paper] {
        try await read { db in try PaperRecord.byRowid(rowids, db).filter { !$0.value.deleted }.mapValues { try $0.paper() } }
    }
}
