import GRDB

extension SQLiteStore {
    /// Body of the migration "votes and submissions". Votes and submissions refer to the paper
    /// by its rowid and to the person by their user row; a deleted account takes its votes
    /// with it, but its submissions stay (without a submitter).
    static func createCommunityTables(_ db: Database) throws {
        try db.create(table: "vote", options: .withoutRowID) { t in
            t.belongsTo("user", onDelete: .cascade, indexed: false).notNull()  // the primary key leads with it
            t.column("paperRowid", .integer).notNull().references("paper", onDelete: .cascade)
            // The UTC day the vote was cast: the community view of a day, week or month is the
            // papers voted for (or submitted) in it.
            t.column("day", .date).notNull().indexed()
            t.column("createdAt", .datetime).notNull()
            t.primaryKey(["userId", "paperRowid"])
        }
        try db.create(index: "vote_on_paperRowid", on: "vote", columns: ["paperRowid"])
        // The count every card shows, kept by triggers in the vote's own transaction (so exact
        // whatever the concurrency) and apart from `paper`: a vote neither rewrites the paper
        // row nor touches the full-text index or the papers' change log (a later migration has
        // votes move the discussion version, which page caches also follow).
        try db.create(table: "paperVotes") { t in
            t.column("paperRowid", .integer).primaryKey().references("paper", onDelete: .cascade)
            t.column("votes", .integer).notNull()
        }
        try db.execute(sql: """
            CREATE TRIGGER vote_counted AFTER INSERT ON vote BEGIN
                INSERT INTO paperVotes(paperRowid, votes) VALUES (new.paperRowid, 1)
                ON CONFLICT(paperRowid) DO UPDATE SET votes = votes + 1;
            END;
            CREATE TRIGGER vote_uncounted AFTER DELETE ON vote BEGIN
                UPDATE paperVotes SET votes = votes - 1 WHERE paperRowid = old.paperRowid;
            END;
            """)
        try db.create(table: "submission") { t in
            t.column("paperRowid", .integer).primaryKey().references("paper", onDelete: .cascade)
            t.belongsTo("user", onDelete: .setNull, indexed: false)  // see the index below
            t.column("day", .date).notNull().indexed()
            t.column("submittedAt", .datetime).notNull()
        }
        try db.create(index: "submission_on_userId_submittedAt", on: "submission", columns: ["userId", "submittedAt"])
    }
}

extension SQLiteStore {
    /// Body of the migration "collections". Items keep an explicit position (renumbered on
    /// every move: collections are lists a person curates, short enough for that).
    static func createCollectionTables(_ db: Database) throws {
        try db.create(table: "collection") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("user", onDelete: .cascade, indexed: false).notNull()  // see the unique index below
            t.column("name", .text).notNull().collate(.nocase)
            t.column("description", .text).notNull()
            t.column("isPublic", .boolean).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("updatedAt", .datetime).notNull()
            t.uniqueKey(["userId", "name"])
        }
        try db.create(table: "collectionItem", options: .withoutRowID) { t in
            t.belongsTo("collection", onDelete: .cascade, indexed: false).notNull()
            t.column("paperRowid", .integer).notNull().references("paper", onDelete: .cascade).indexed()
            t.column("position", .integer).notNull()
            t.column("note", .text).notNull()
            t.column("addedAt", .datetime).notNull()
            t.primaryKey(["collectionId", "paperRowid"])
        }
    }
}
