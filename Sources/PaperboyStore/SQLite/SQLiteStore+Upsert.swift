import Foundation
import GRDB
import PaperboyCore

extension SQLiteStore {
    public func upsert(_ papers: [Paper], checkpoint: Checkpoint?) async throws -> UpsertResult {
        try await prepareUpsert(papers)(checkpoint: checkpoint)
    }

    /// Encodes the rows before the write starts: the writer is an import's bottleneck (SQLite
    /// has one), this work is not, and the importer overlaps it with the previous batch's write.
    public func prepareUpsert(_ papers: [Paper]) throws -> PreparedUpsert {
        let now = Date()
        // NULs would cut text short when bound (see `Paper.removingNULs`).
        let merged = Paper.mergingDuplicates(papers.map { $0.removingNULs() })
        let records = try merged.map { try PaperRecord($0, importedAt: now) }
        let nowText = String.fromDatabaseValue(now.databaseValue)!
        let ids = Self.jsonArray(records.map(\.id))
        // Papers already stored are merged, and a changed one is re-indexed by the update
        // trigger: tokens are made for the others only (a re-import stays cheap).
        let stored = try dbWriter.read { db in try Self.existingIDs(ids, db) }
        let tokens = try FullTextTokens(records, except: stored, tokenizer: FullTextTokenizer().tokenizer)
        return PreparedUpsert { checkpoint in
            defer { self.checkpointer?.checkpointSoon() }
            return try await self.write { db in
                var result = UpsertResult()
                let known = try Self.existingIDs(ids, db)
                try Self.indexingNewPapersOnce(db, tokens: tokens) {
                    var inserted: [Int] = []
                    for (i, (paper, record)) in zip(merged, records).enumerated() {
                        if known.contains(record.id) {
                            result = result + (try Self.merge(paper, db))
                        } else {
                            var record = record
                            try record.insertPrepared(db, importedAtText: nowText)
                            try Self.saveCategories(of: record, db)
                            inserted.append(i)
                        }
                    }
                    result.inserted += inserted.count
                    return inserted
                }
                if let checkpoint { try CheckpointRecord(checkpoint).insert(db, onConflict: .replace) }
                return result
            }
        }
    }

    /// Which of the ids (a JSON array) the table has, in one statement: a new paper (every
    /// paper of a first import) then costs no lookup of its own.
    static func existingIDs(_ ids: String, _ db: Database) throws -> Set<String> {
        let statement = try db.cachedStatement(sql: "SELECT id FROM paper WHERE id IN (SELECT value FROM json_each(?))")
        return try Set(String.fetchCursor(statement, arguments: [ids]))
    }

    static func jsonArray(_ rowids: [Int64]) -> String {
        "[" + rowids.map(String.init).joined(separator: ",") + "]"
    }

    static func jsonArray(_ strings: [String]) -> String {
        var list: [UInt8] = [UInt8(ascii: "[")]
        for (i, s) in strings.enumerated() {
            if i > 0 { list.append(UInt8(ascii: ",")) }
            JSONString.append(s, to: &list)
        }
        list.append(UInt8(ascii: "]"))
        return String(decoding: list, as: UTF8.self)
    }

    /// Runs `body` (inside the caller's transaction) with the insert trigger quiet, then adds
    /// every paper it inserted to the full-text index in one statement: one index segment per
    /// batch instead of one per paper (see the "full-text index fed once per batch" migration).
    /// New rows get rowid max + 1 (the table has no AUTOINCREMENT), so `rowid > before` is
    /// exactly this batch's inserts, in the order `body` returns them (positions in `tokens`),
    /// which is the order the statement asks for their tokens. Updates keep their trigger,
    /// which is right because a batch never updates a paper it inserted (`mergingDuplicates`).
    /// A throw rolls the transaction back, flag row included.
    static func indexingNewPapersOnce(_ db: Database, tokens: FullTextTokens, _ body: () throws -> [Int]) throws {
        let before = try Int64.fetchOne(db, sql: "SELECT coalesce(max(rowid), 0) FROM paper") ?? 0
        try db.execute(sql: "INSERT INTO paperFTSBatch (open) VALUES (1)")
        let inserted = try body()
        try db.execute(sql: "DELETE FROM paperFTSBatch")
        try tokens.offered(toIndex: inserted) {
            try db.execute(sql: """
                INSERT INTO paperFTS(rowid, title, abstract, authorNames)
                SELECT rowid, title, abstract, authorNames FROM paper WHERE rowid > ? AND NOT deleted
                """, arguments: [before])
        }
    }

    public func delete(ids: [String], checkpoint: Checkpoint?) async throws {
        try await write { db in
            let statement = try db.cachedStatement(sql: "UPDATE paper SET deleted = 1 WHERE id = ? AND NOT deleted")
            let categories = try db.cachedStatement(sql: "DELETE FROM paperCategory WHERE paperRowid = (SELECT rowid FROM paper WHERE id = ?)")
            for id in ids {
                try statement.execute(arguments: [id])
                try categories.execute(arguments: [id])
            }
            if let checkpoint { try CheckpointRecord(checkpoint).insert(db, onConflict: .replace) }
        }
    }

    /// Merges `paper` into the stored paper with its id.
    static func merge(_ paper: Paper, _ db: Database) throws -> UpsertResult {
        let lookup = try db.cachedStatement(sql: "SELECT * FROM paper WHERE id = ?")
        guard let existing = try PaperRecord.fetchOne(lookup, arguments: [paper.id]) else {
            preconditionFailure("\(paper.id) was found in this transaction")
        }
        // A deleted paper stays deleted: arXiv withdrew it, an older dump must not revive it.
        guard !existing.deleted else { return UpsertResult(unchanged: 1) }
        var record = try PaperRecord(try existing.paper().merged(with: paper), importedAt: existing.importedAt)
        record.rowid = existing.rowid
        guard !record.hasSameContent(as: existing) else { return UpsertResult(unchanged: 1) }
        try record.updateChanges(db, from: existing)
        if record.categories != existing.categories || record.feedDay != existing.feedDay {
            try db.execute(sql: "DELETE FROM paperCategory WHERE paperRowid = ?", arguments: [record.rowid])
            try saveCategories(of: record, db)
        }
        if record.title != existing.title || record.abstract != existing.abstract {
            // Vectors describe the old text: drop them so the embedder makes new ones.
            try db.execute(sql: "DELETE FROM embedding WHERE paperId = ?", arguments: [record.id])
        }
        return UpsertResult(updated: 1)
    }

    static func saveCategories(of record: PaperRecord, _ db: Database) throws {
        let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO paperCategory (paperRowid, category, feedDay) VALUES (?, ?, ?)")
        for category in record.categories.split(separator: " ") {
            var row = RowBinder(insert)
            row.bind(record.rowid)
            row.bind(String(category))
            row.bind(record.feedDay)
            try row.execute()
        }
    }

    public func checkpoint(source: String) async throws -> Checkpoint? {
        try await read { db in try CheckpointRecord.fetchOne(db, key: source)?.checkpoint }
    }
}

struct CheckpointRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "checkpoint"
    var source: String
    var token: String?
    var datestamp: String?
    var updatedAt: Date

    init(_ c: Checkpoint) { source = c.source; token = c.token; datestamp = c.datestamp; updatedAt = c.updatedAt }
    var checkpoint: Checkpoint { Checkpoint(source: source, token: token, datestamp: datestamp, updatedAt: updatedAt) }
}
