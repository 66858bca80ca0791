import GRDB

extension SQLiteStore {
    /// Body of the migration "comments, notices, reports, audit log, bans".
    static func createDiscussionTables(_ db: Database) throws {
        try db.alter(table: "user") { t in
            t.add(column: "bannedAt", .datetime)
            t.add(column: "notifyByMail", .boolean).notNull().defaults(to: false)
        }
        try db.create(table: "comment") { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("paperRowid", .integer).notNull().references("paper", onDelete: .cascade)
            // Comments are never deleted while their paper lives (a deleted one is a
            // tombstone), so replies always find their parent.
            t.belongsTo("parent", inTable: "comment", onDelete: .cascade, indexed: false)
            t.belongsTo("user", onDelete: .setNull)
            t.column("text", .text).notNull()
            t.column("html", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("editedAt", .datetime)
            t.column("deletedAt", .datetime)
            t.column("hiddenAt", .datetime)
        }
        try db.create(index: "comment_on_paperRowid", on: "comment", columns: ["paperRowid", "id"])
        try db.create(index: "comment_on_userId_createdAt", on: "comment", columns: ["userId", "createdAt"])
        try db.create(table: "commentRevision") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("comment", onDelete: .cascade).notNull()
            t.column("text", .text).notNull()
            t.column("html", .text).notNull()
            t.column("replacedAt", .datetime).notNull()
        }
        try db.create(table: "notice") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("user", onDelete: .cascade, indexed: false).notNull()
            t.column("kind", .text).notNull()
            t.belongsTo("comment", onDelete: .cascade).notNull()
            t.belongsTo("actor", inTable: "user", onDelete: .setNull, indexed: false)
            t.column("createdAt", .datetime).notNull()
            t.column("readAt", .datetime)
        }
        try db.create(index: "notice_on_userId_id", on: "notice", columns: ["userId", "id"])
        try db.create(table: "report") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("comment", onDelete: .cascade)
            t.column("paperRowid", .integer).references("paper", onDelete: .cascade)
            t.belongsTo("user", onDelete: .setNull, indexed: false)
            t.column("reason", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("resolvedAt", .datetime).indexed()
            t.belongsTo("resolver", inTable: "user", onDelete: .setNull, indexed: false)
            t.column("resolution", .text)
        }
        try db.create(table: "audit") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("user", onDelete: .setNull, indexed: false)
            t.column("action", .text).notNull()
            t.column("target", .text).notNull()
            t.column("detail", .text).notNull()
            t.column("at", .datetime).notNull()
        }
        // One number that changes with every new, edited, deleted or hidden comment: the page
        // cache follows it, as it follows the papers' change log (votes do not move it).
        try db.create(table: "discussionVersion") { t in
            t.primaryKey("id", .integer).check { $0 == 1 }
            t.column("seq", .integer).notNull()
        }
        try db.execute(sql: """
            INSERT INTO discussionVersion (id, seq) VALUES (1, 0);
            CREATE TRIGGER comment_added AFTER INSERT ON comment BEGIN
                UPDATE discussionVersion SET seq = seq + 1 WHERE id = 1;
            END;
            CREATE TRIGGER comment_changed AFTER UPDATE ON comment BEGIN
                UPDATE discussionVersion SET seq = seq + 1 WHERE id = 1;
            END;
            -- A deleted account's comments become tombstones: their text goes with the account.
            CREATE TRIGGER user_comments_deleted BEFORE DELETE ON user BEGIN
                DELETE FROM commentRevision WHERE commentId IN (SELECT id FROM comment WHERE userId = old.id);
                UPDATE comment SET text = '', html = '', deletedAt = coalesce(deletedAt, strftime('%Y-%m-%d %H:%M:%f', 'now'))
                WHERE userId = old.id;
            END;
            """)
    }
}
