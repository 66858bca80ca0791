import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

extension PostgresStore: PaperStore {
    public func upsert(_ papers: [Paper], checkpoint: Checkpoint?) async throws -> UpsertResult {
        try await prepareUpsert(papers)(checkpoint: checkpoint)
    }

    /// Merges duplicates and encodes the rows before the write, like SQLite's.
    public func prepareUpsert(_ papers: [Paper]) throws -> PreparedUpsert {
        // NULs cannot be stored in TEXT (see `Paper.removingNULs`).
        let merged = Paper.mergingDuplicates(papers.map { $0.removingNULs() })
        let rows = try merged.map { try PaperRow($0) }
        return PreparedUpsert { checkpoint in
            try await self.transaction { connection in
                let result = try await self.write(merged, rows, connection)
                if let checkpoint { try await self.save(checkpoint, connection) }
                return result
            }
        }
    }

    /// New papers go in through `COPY` (`insertNew`); known ones are merged (`Paper.merged(with:)`)
    /// and only those that change are locked, read again and written, so re-importing the
    /// same records only reads. A paper another writer inserted meanwhile is merged too.
    private func write(_ papers: [Paper], _ rows: [PaperRow], _ connection: PostgresConnection) async throws -> UpsertResult {
        guard !papers.isEmpty else { return UpsertResult() }
        let stored = try await storedRows(ids: rows.map(\.id), locking: false, connection)
        let new = rows.filter { stored[$0.id] == nil }
        let inserted = try await insertNew(new, connection)
        try await saveCategories(rowids: inserted.map(\.rowid), connection)
        var result = UpsertResult(inserted: inserted.count)
        let insertedIDs = Set(inserted.map(\.id))
        var changing: [Int] = []
        for (i, row) in rows.enumerated() where !insertedIDs.contains(row.id) {
            if let old = stored[row.id], try Self.merging(papers[i], into: old) == nil {
                result.unchanged += 1
            } else {
                changing.append(i)
            }
        }
        guard !changing.isEmpty else { return result }
        let locked = try await storedRows(ids: changing.map { rows[$0].id }, locking: true, connection)
        for i in changing {
            if let old = locked[rows[i].id] { result = result + (try await merge(papers[i], into: old, connection)) }
        }
        return result
    }

    /// A stored paper.
    struct StoredPaper: Sendable {
        var rowid: Int64
        var deleted: Bool
        var row: PaperRow
    }

    /// The stored papers with these ids; with `locking`, locked until the transaction ends, in
    /// id order so that writers of the same papers wait for each other instead of deadlocking
    /// (`NO KEY UPDATE`: rows elsewhere may still refer to them meanwhile).
    private func storedRows(ids: [String], locking: Bool, _ connection: PostgresConnection) async throws -> [String: StoredPaper] {
        let rows = try await connection.rows("""
            SELECT p.rowid, p.deleted, \(unescaped: PaperRow.columns()) FROM paper p WHERE p.id = ANY(\(ids))
            \(unescaped: locking ? "ORDER BY p.id FOR NO KEY UPDATE" : "")
            """, logger: logger)
        var stored: [String: StoredPaper] = [:]
        for row in rows {
            let cells = row.makeRandomAccess()
            let paper = StoredPaper(rowid: try cells[0].decode(Int64.self), deleted: try cells[1].decode(Bool.self),
                                    row: try PaperRow(cells, at: 2))
            stored[paper.row.id] = paper
        }
        return stored
    }

    /// One row per (paper, category), with the paper's feed day, for the filters.
    private func saveCategories(rowids: [Int64], _ connection: PostgresConnection) async throws {
        guard !rowids.isEmpty else { return }
        try await connection.query("""
            INSERT INTO paperCategory (paperRowid, category, feedDay)
            SELECT p.rowid, c.category, p.feedDay FROM paper p, unnest(string_to_array(p.categories, ' ')) AS c (category)
            WHERE p.rowid = ANY(\(rowids)) AND c.category <> ''
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }

    /// The row `paper` merged into `stored` makes, nil when nothing changes.
    private static func merging(_ paper: Paper, into stored: StoredPaper) throws -> PaperRow? {
        // A deleted paper stays deleted: arXiv withdrew it, an older dump must not revive it.
        guard !stored.deleted else { return nil }
        let merged = try PaperRow(try stored.row.paper().merged(with: paper))
        return merged == stored.row ? nil : merged
    }

    /// Merges `paper` into the stored one with its id (locked), writing only when something changes.
    private func merge(_ paper: Paper, into stored: StoredPaper, _ connection: PostgresConnection) async throws -> UpsertResult {
        guard let new = try Self.merging(paper, into: stored) else { return UpsertResult(unchanged: 1) }
        let old = stored.row
        var query = QueryBuilder()
        let values = try new.bindColumns(&query)
        let names = PaperRow.columns().replacingOccurrences(of: "p.", with: "").components(separatedBy: ", ")
        let assignments = zip(names, values).dropFirst().map { "\($0) = \($1)" }.joined(separator: ", ")
        let vector = try new.textVector(&query)
        let rowid = try query.bind(stored.rowid)
        try await connection.query(query.query("UPDATE paper SET \(assignments), textVector = \(vector) WHERE rowid = \(rowid)"),
                                   logger: logger)
        if new.categories != old.categories || new.feedDay != old.feedDay {
            try await connection.query("DELETE FROM paperCategory WHERE paperRowid = \(stored.rowid)", logger: logger)
            try await saveCategories(rowids: [stored.rowid], connection)
        }
        if new.title != old.title || new.abstract != old.abstract {
            // Vectors describe the old text: drop them so the embedder makes new ones.
            try await connection.query("DELETE FROM embedding WHERE paperId = \(new.id)", logger: logger)
        }
        return UpsertResult(updated: 1)
    }

    private func save(_ checkpoint: Checkpoint, _ connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO checkpoint (source, token, datestamp, updatedAt)
            VALUES (\(checkpoint.source), \(checkpoint.token), \(checkpoint.datestamp), \(checkpoint.updatedAt))
            ON CONFLICT (source) DO UPDATE SET token = excluded.token, datestamp = excluded.datestamp, updatedAt = excluded.updatedAt
            """, logger: logger)
    }

    public func delete(ids: [String], checkpoint: Checkpoint?) async throws {
        try await transaction { connection in
            if !ids.isEmpty {
                // The vector empties: deleted papers leave the full-text index, as in SQLite.
                try await connection.query("""
                    UPDATE paper SET deleted = true, textVector = ''::tsvector WHERE id = ANY(\(ids)) AND NOT deleted
                    """, logger: logger)
                try await connection.query("""
                    DELETE FROM paperCategory WHERE paperRowid IN (SELECT rowid FROM paper WHERE id = ANY(\(ids)))
                    """, logger: logger)
            }
            if let checkpoint { try await save(checkpoint, connection) }
        }
    }

    public func checkpoint(source: String) async throws -> Checkpoint? {
        try await rows("SELECT source, token, datestamp, updatedAt FROM checkpoint WHERE source = \(source)").first.map { row in
            let (source, token, datestamp, updatedAt) = try row.decode((String, String?, String?, Date).self)
            return Checkpoint(source: source, token: token, datestamp: datestamp, updatedAt: updatedAt)
        }
    }

    public func paper(id: String) async throws -> Paper? {
        try await rows("SELECT \(unescaped: PaperRow.columns()) FROM paper p WHERE p.id = \(id) AND NOT p.deleted")
            .first.map { try PaperRow($0.makeRandomAccess()).paper() }
    }

    public func papers(ids: [String]) async throws -> [Paper] {
        guard !ids.isEmpty else { return [] }
        let found = try await rows("SELECT \(unescaped: PaperRow.columns()) FROM paper p WHERE p.id = ANY(\(ids)) AND NOT p.deleted")
            .map { try PaperRow($0.makeRandomAccess()).paper() }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    public func version() async throws -> StoreVersion {
        let row = try await rows("SELECT (SELECT coalesce(max(rowid), 0) FROM paper), (SELECT coalesce(max(seq), 0) FROM paperChange)")
        guard let (lastPaper, lastChange) = try row.first?.decode((Int64, Int64).self) else { return StoreVersion(lastPaper: 0, lastChange: 0) }
        return StoreVersion(lastPaper: lastPaper, lastChange: lastChange)
    }
}
