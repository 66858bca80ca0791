import GRDB

extension SQLiteStore {
    /// The schema's history. Migrations are registered by name and never edited once they
    /// have landed on main: change the schema with a new migration.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("papers, categories, full-text index, checkpoints, embeddings") { db in
            // An explicit integer key (an alias of the rowid) so that VACUUM keeps the rowids
            // the full-text index refers to; papers are looked up by their unique `id`.
            try db.create(table: "paper") { t in
                t.primaryKey("rowid", .integer)
                t.column("id", .text).notNull().unique()
                t.column("version", .integer).notNull()
                t.column("title", .text).notNull()
                t.column("abstract", .text).notNull()
                t.column("authors", .jsonText).notNull()        // [Author] as JSON
                t.column("authorNames", .text).notNull()        // what the index searches
                t.column("categories", .text).notNull()         // space-separated, primary first
                t.column("primaryCategory", .text)
                t.column("published", .datetime)
                t.column("updated", .datetime)
                t.column("announced", .date)
                t.column("feedDay", .date).indexed()
                t.column("comments", .text)
                t.column("journalRef", .text)
                t.column("doi", .text)
                t.column("license", .text)
                t.column("reportNo", .text)
                t.column("submitter", .text)
                t.column("hub", .jsonText)                      // HubInfo as JSON
                t.column("upvotes", .integer).notNull()         // hub upvotes, for trending
                t.column("deleted", .boolean).notNull()
                t.column("importedAt", .datetime).notNull()
            }
            // One row per (paper, category) for filters; feedDay repeated so a category's days
            // come straight from the index.
            try db.create(table: "paperCategory", options: .withoutRowID) { t in
                t.column("paperRowid", .integer).notNull().references("paper", onDelete: .cascade)
                t.column("category", .text).notNull()
                t.column("feedDay", .date)
                t.primaryKey(["paperRowid", "category"])
            }
            try db.create(index: "paperCategory_category_feedDay", on: "paperCategory", columns: ["category", "feedDay"])

            // External-content index over live papers only: deleted papers leave it, so a
            // search without filters never has to look at the paper table.
            try db.create(virtualTable: "paperFTS", using: FTS5()) { t in
                t.tokenizer = .porter(wrapping: .unicode61(diacritics: .remove))
                t.content = "paper"
                t.contentRowID = "rowid"
                t.column("title")
                t.column("abstract")
                t.column("authorNames")
            }
            let columns = "title, abstract, authorNames"
            let newValues = "new.rowid, new.title, new.abstract, new.authorNames"
            let oldValues = "old.rowid, old.title, old.abstract, old.authorNames"
            let textChanged = "old.title IS NOT new.title OR old.abstract IS NOT new.abstract OR old.authorNames IS NOT new.authorNames"
            try db.execute(sql: """
                CREATE TRIGGER paper_fts_insert AFTER INSERT ON paper WHEN NOT new.deleted BEGIN
                    INSERT INTO paperFTS(rowid, \(columns)) VALUES (\(newValues));
                END;
                CREATE TRIGGER paper_fts_delete AFTER DELETE ON paper WHEN NOT old.deleted BEGIN
                    INSERT INTO paperFTS(paperFTS, rowid, \(columns)) VALUES ('delete', \(oldValues));
                END;
                -- One trigger, so the old text leaves the index before the new text enters it.
                CREATE TRIGGER paper_fts_update AFTER UPDATE OF \(columns), deleted ON paper
                WHEN old.deleted IS NOT new.deleted OR \(textChanged) BEGIN
                    INSERT INTO paperFTS(paperFTS, rowid, \(columns)) SELECT 'delete', \(oldValues) WHERE NOT old.deleted;
                    INSERT INTO paperFTS(rowid, \(columns)) SELECT \(newValues) WHERE NOT new.deleted;
                END;
                """)

            try db.create(table: "checkpoint") { t in
                t.primaryKey("source", .text)
                t.column("token", .text)
                t.column("datestamp", .text)
                t.column("updatedAt", .datetime).notNull()
            }
            // Vectors as little-endian Float32 blobs, keyed by model first so that one model's
            // vectors are contiguous and come out in id order.
            try db.create(table: "embedding", options: .withoutRowID) { t in
                t.column("model", .text).notNull()
                t.column("paperId", .text).notNull().references("paper", column: "id", onDelete: .cascade)
                t.column("vector", .blob).notNull()
                t.primaryKey(["model", "paperId"])
            }
            try db.create(index: "embedding_paperId", on: "embedding", columns: ["paperId"])
        }
        migrator.registerMigration("full-text index fed once per batch") { db in
            // FTS5 flushes its pending terms to a new segment at every statement savepoint, and
            // each trigger statement is one: a trigger-fed import writes one tiny segment per
            // paper and spends its time merging them (2.6k–7k papers/s against 22k–25k for one
            // INSERT … SELECT per batch, on the real arXiv set). While this table holds a row,
            // inserts leave the index to the batch (see `SQLiteStore.indexingNewPapersOnce`);
            // the row lives only inside that batch's transaction, so a committed database never
            // has it and any other writer still gets the trigger.
            try db.execute(sql: """
                CREATE TABLE paperFTSBatch (open INTEGER NOT NULL);
                DROP TRIGGER paper_fts_insert;
                CREATE TRIGGER paper_fts_insert AFTER INSERT ON paper
                WHEN NOT new.deleted AND NOT EXISTS (SELECT 1 FROM paperFTSBatch) BEGIN
                    INSERT INTO paperFTS(rowid, title, abstract, authorNames)
                    VALUES (new.rowid, new.title, new.abstract, new.authorNames);
                END;
                """)
        }
        migrator.registerMigration("full-text index merges 16 segments at a time") { db in
            // FTS5 merges a level once it holds `automerge` segments (default 4). At 16 each
            // term's doclist is rewritten fewer times while importing: 24.7k against 19.3k
            // papers per CPU-second for 356k real papers in 5,000-paper batches. Searches read
            // up to 15 segments per level until `optimize()` merges them into one.
            try db.execute(sql: "INSERT INTO paperFTS(paperFTS, rank) VALUES ('automerge', 16)")
        }
        migrator.registerMigration("paper change log") { db in
            // Every update or deletion of a paper row appends its rowid, whoever writes (an
            // import in another process included). Inserts need no entry: they take rowids above
            // every earlier one. (max rowid, max seq) is the store's version: the in-memory
            // keyword index and the web caches compare it to know what changed.
            try db.execute(sql: """
                CREATE TABLE paperChange (seq INTEGER PRIMARY KEY AUTOINCREMENT, paperRowid INTEGER NOT NULL);
                CREATE TRIGGER paper_change_update AFTER UPDATE ON paper BEGIN
                    INSERT INTO paperChange (paperRowid) VALUES (new.rowid);
                END;
                CREATE TRIGGER paper_change_delete AFTER DELETE ON paper BEGIN
                    INSERT INTO paperChange (paperRowid) VALUES (old.rowid);
                END;
                """)
        }
        migrator.registerMigration("accounts, sessions, API tokens, one-time tokens", migrate: createAccountTables)
        migrator.registerMigration("mail outbox") { db in try createMailOutbox(db) }
        migrator.registerMigration("votes and submissions", migrate: createCommunityTables)
        migrator.registerMigration("collections", migrate: createCollectionTables)
        migrator.registerMigration("comments, notices, reports, audit log, bans", migrate: createDiscussionTables)
        migrator.registerMigration("code links and their corrections", migrate: createLinkTables)
        migrator.registerMigration("interests", migrate: createInterestTables)
        migrator.registerMigration("embeddings record their precision") { db in
            // The arithmetic that made each vector (int8 or f32): vectors of either precision
            // are close enough to search together, so the model id stays the key. Every vector
            // stored before this was made at f32.
            try db.execute(sql: "ALTER TABLE embedding ADD COLUMN precision TEXT NOT NULL DEFAULT 'f32'")
        }
        migrator.registerMigration("digest subscriptions", migrate: createSubscriptionTables)
        migrator.registerMigration("job leases", migrate: createLeaseTable)
        migrator.registerMigration("embeddings record the batch that saved them") { db in
            // Instances that do not embed follow the one that does by asking for the vectors
            // saved after the last batch they saw (`embeddings(model:savedAfter:)`).
            try db.execute(sql: """
                ALTER TABLE embedding ADD COLUMN savedSeq INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX embedding_model_savedSeq ON embedding (model, savedSeq);
                """)
        }
        migrator.registerMigration("votes move the page caches' version") { db in
            // With several instances, each caches pages: a vote cast on one must reach the
            // others' caches, and the version they all compare is the only message between them.
            try db.execute(sql: """
                CREATE TRIGGER vote_cast AFTER INSERT ON vote BEGIN
                    UPDATE discussionVersion SET seq = seq + 1 WHERE id = 1;
                END;
                CREATE TRIGGER vote_withdrawn AFTER DELETE ON vote BEGIN
                    UPDATE discussionVersion SET seq = seq + 1 WHERE id = 1;
                END;
                """)
        }
        migrator.registerMigration("throttles shared by every instance", migrate: createThrottleTable)
        return migrator
    }
}
