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
        await checkpointer?.idle()
        if let pool = dbWriter as? DatabasePool {
            try await pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        }
    }

    /// After an import: copies what the write-ahead log still holds into the database file
    /// (up to the writer's 64 MiB backstop, see `BackgroundCheckpointer`), so the import pays
    /// for its own writes and the next process to open the file does not. Passive: it never
    /// waits for readers, and another process checkpointing meanwhile does the same work.
    public func checkpointWriteAheadLog() async throws {
        await checkpointer?.idle()
        guard let pool = dbWriter as? DatabasePool else { return }
        do {
            try await pool.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return
        }
    }

    /// Throws when the full-text index disagrees with the live papers: it indexes them afresh
    /// into a temporary table with the same tokenizer and compares every (term, paper, column,
    /// offset) of the two. FTS5's own 'integrity-check' cannot compare with the content table
    /// here, since deleted papers stay in the table but leave the index. Reads the whole index:
    /// for tests, and after a crash one distrusts.
    public func checkFullTextIndex() async throws {
        try await dbWriter.writeWithoutTransaction { db in
            try db.inTransaction {
                try db.execute(sql: """
                    INSERT INTO paperFTS(paperFTS) VALUES ('integrity-check');
                    CREATE VIRTUAL TABLE temp.expectedFTS USING fts5(title, abstract, authorNames,
                        tokenize = 'porter unicode61 remove_diacritics 2');
                    INSERT INTO temp.expectedFTS(rowid, title, abstract, authorNames)
                        SELECT rowid, title, abstract, authorNames FROM paper WHERE NOT deleted;
                    CREATE VIRTUAL TABLE temp.actualTerms USING fts5vocab(main, paperFTS, instance);
                    CREATE VIRTUAL TABLE temp.expectedTerms USING fts5vocab(temp, expectedFTS, instance);
                    """)
                var differences = 0
                for (a, b) in [("actualTerms", "expectedTerms"), ("expectedTerms", "actualTerms")] {
                    differences += try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT * FROM temp.\(a) EXCEPT SELECT * FROM temp.\(b))") ?? 0
                }
                try db.execute(sql: "DROP TABLE temp.actualTerms; DROP TABLE temp.expectedTerms; DROP TABLE temp.expectedFTS")
                guard differences == 0 else {
                    throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the full-text index disagrees with the live papers in \(differences) term occurrences")
                }
                return .commit
            }
        }
    }
}
