import GRDB

extension SQLiteStore {
    /// After a big import: merges the full-text index's segments into one (fewer b-trees per
    /// term to read on every search), refreshes the query planner's statistics and folds the
    /// write-ahead log into the database file. Takes seconds per million papers.
    public func optimize() async throws {
        try await dbWriter.write { db in
            try db.execute(sql: "INSERT INTO paperFTS(paperFTS) VALUES ('optimize')")
            try db.execute(sql: "PRAGMA optimize")
        }
        if let pool = dbWriter as? DatabasePool {
            try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
    }
}
