import PaperboyCore
import PaperboyStore
import PostgresNIO

/// What the in-memory keyword index reads of a PostgreSQL store: the same texts as SQLite's,
/// so searches rank the same on both (see `KeywordSource`).
extension PostgresStore: KeywordSource {
    public func keywordChanges(since version: StoreVersion, limit: Int) async throws -> [Int64] {
        try await rows("""
            SELECT rowid FROM paper WHERE rowid > \(version.lastPaper)
            UNION SELECT paperRowid FROM paperChange WHERE seq > \(version.lastChange) LIMIT \(limit)
            """).map { try $0.decode(Int64.self) }
    }

    /// Streams the papers (a million do not fit in memory twice), then their ages.
    public func readKeywordDocuments(only rowids: [Int64]?, into sink: KeywordDocumentSink) async throws {
        var query = QueryBuilder()
        let restriction = try rowids.map { " AND p.rowid = ANY(\(try query.bind($0)))" } ?? ""
        let documents = try await client.query(query.query("""
            SELECT p.rowid, p.categories, coalesce(nullif(replace(p.feedDay, '-', ''), '')::int, 0), \(Self.effectiveHasCodeSQL),
                   p.title, p.abstract, p.authorNames
            FROM paper p WHERE NOT p.deleted\(restriction) ORDER BY p.rowid
            """), logger: logger)
        for try await row in documents {
            let cells = row.makeRandomAccess()
            sink.startPaper(rowid: try cells[0].decode(Int64.self), categories: try cells[1].decode(String.self),
                            feedDay: try cells[2].decode(Int32.self), hasCode: try cells[3].decode(Bool.self))
            for (column, field) in [(4, KeywordField.title), (5, .abstract), (6, .authorNames)] {
                // Text arrives as its UTF-8 bytes: tokenized in place.
                try (cells[column].bytes ?? ByteBuffer()).withUnsafeReadableBytes { try sink.addText($0, of: field) }
            }
        }
        // Oldest first as SQLite orders them (no date sorts first).
        let byAge = try await client.query(query.query("""
            SELECT p.rowid FROM paper p WHERE NOT p.deleted\(restriction) ORDER BY p.published NULLS FIRST, p.id
            """), logger: logger)
        for try await rowid in byAge.decode(Int64.self) { sink.addByAge(rowid: rowid) }
    }

    public func keywordTexts(_ rowids: [Int64]) async throws -> [KeywordText] {
        try await rows("SELECT rowid, title, abstract, authorNames FROM paper WHERE rowid = ANY(\(rowids)) AND NOT deleted").map { row in
            let (rowid, title, abstract, authorNames) = try row.decode((Int64, String, String, String).self)
            return KeywordText(rowid: rowid, title: title, abstract: abstract, authorNames: authorNames)
        }
    }

    public func keywordPapers(_ rowids: [Int64]) async throws -> [Int64: Paper] {
        let found = try await rows("SELECT p.rowid, \(unescaped: PaperRow.columns()) FROM paper p WHERE p.rowid = ANY(\(rowids)) AND NOT p.deleted")
            .map { row in
                let cells = row.makeRandomAccess()
                return (try cells[0].decode(Int64.self), try PaperRow(cells, at: 1).paper())
            }
        return Dictionary(found, uniquingKeysWith: { a, _ in a })
    }
}
