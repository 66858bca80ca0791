import Foundation
import GRDB
import PaperboyCore

/// Comments, notices, reports and the audit log (`DiscussionSchema.swift`).
extension SQLiteStore {
    public func addComment(_ new: NewComment, now: Date) async throws -> PostedComment {
        try await communityWrite { db in
            let rowid = try Self.livePaperRowid(new.paperID, db)
            var parentAuthor: Int64?
            if let parent = new.parentID {
                guard let row = try Row.fetchOne(db, sql: "SELECT paperRowid, userId FROM comment WHERE id = ?", arguments: [parent]) else {
                    throw CommunityError.noSuchComment
                }
                guard row["paperRowid"] == rowid else { throw CommunityError.parentOnAnotherPaper }
                parentAuthor = row["userId"]
            }
            try db.execute(sql: """
                INSERT INTO comment (paperRowid, parentId, userId, text, html, createdAt) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [rowid, new.parentID, new.authorID, new.text, new.html, now])
            let id = db.lastInsertedRowID
            // One notice per person: a reply to them, else a mention of them; never to the writer.
            var told: [PostedComment.Recipient] = []
            func notify(_ user: Int64, _ kind: Notice.Kind) throws {
                guard user != new.authorID, !told.contains(where: { $0.userID == user }) else { return }
                told.append(PostedComment.Recipient(userID: user, kind: kind))
                try db.execute(sql: "INSERT INTO notice (userId, kind, commentId, actorId, createdAt) VALUES (?, ?, ?, ?, ?)",
                               arguments: [user, kind.rawValue, id, new.authorID, now])
            }
            if let parentAuthor { try notify(parentAuthor, .reply) }
            for name in new.mentions {
                if let user = try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE username = ? AND bannedAt IS NULL", arguments: [name]) {
                    try notify(user, .mention)
                }
            }
            guard let made = try Self.comment(id: id, db) else { throw CommunityError.noSuchComment }
            return PostedComment(comment: made, notified: told)
        }
    }

    public func comment(id: Int64) async throws -> Comment? {
        try await read { db in try Self.comment(id: id, db) }
    }

    public func comments(paperID: String) async throws -> [Comment] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.commentSQL + " WHERE p.id = ? ORDER BY c.id", arguments: [paperID]).map(Self.comment)
        }
    }

    public func comments(authorID: Int64) async throws -> [Comment] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.commentSQL + " WHERE c.userId = ? AND c.deletedAt IS NULL ORDER BY c.id", arguments: [authorID])
                .map(Self.comment)
        }
    }

    public func editComment(id: Int64, authorID: Int64, text: String, html: String, now: Date) async throws -> Comment {
        try await write { db in
            guard let old = try Self.comment(id: id, db), old.authorID == authorID, old.deletedAt == nil else {
                throw CommunityError.noSuchComment
            }
            try db.execute(sql: "INSERT INTO commentRevision (commentId, text, html, replacedAt) VALUES (?, ?, ?, ?)",
                           arguments: [id, old.text, old.html, now])
            try db.execute(sql: "UPDATE comment SET text = ?, html = ?, editedAt = ? WHERE id = ?", arguments: [text, html, now, id])
            guard let edited = try Self.comment(id: id, db) else { throw CommunityError.noSuchComment }
            return edited
        }
    }

    public func deleteComment(id: Int64, authorID: Int64, now: Date) async throws {
        try await write { db in
            try db.execute(sql: """
                UPDATE comment SET text = '', html = '', deletedAt = ? WHERE id = ? AND userId = ? AND deletedAt IS NULL
                """, arguments: [now, id, authorID])
            if db.changesCount == 0 { throw CommunityError.noSuchComment }
            try db.execute(sql: "DELETE FROM commentRevision WHERE commentId = ?", arguments: [id])
        }
    }

    public func revisions(commentID: Int64) async throws -> [CommentRevision] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT text, html, replacedAt FROM commentRevision WHERE commentId = ? ORDER BY id DESC",
                             arguments: [commentID])
                .map { CommentRevision(text: $0["text"], html: $0["html"], replacedAt: $0["replacedAt"]) }
        }
    }

    public func commentCount(authorID: Int64, since: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM comment WHERE userId = ? AND createdAt >= ?", arguments: [authorID, since]) ?? 0
        }
    }

    // MARK: - Notices

    public func notices(userID: Int64, limit: Int) async throws -> [Notice] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT n.id, n.kind, n.commentId, p.id AS paperID, a.username AS actor, n.createdAt, n.readAt
                FROM notice n JOIN comment c ON c.id = n.commentId JOIN paper p ON p.rowid = c.paperRowid
                LEFT JOIN user a ON a.id = n.actorId
                WHERE n.userId = ? ORDER BY n.id DESC LIMIT ?
                """, arguments: [userID, max(0, limit)]).compactMap { row in
                    Notice.Kind(rawValue: row["kind"]).map {
                        Notice(id: row["id"], kind: $0, commentID: row["commentId"], paperID: row["paperID"],
                               actorName: row["actor"], createdAt: row["createdAt"], readAt: row["readAt"])
                    }
                }
        }
    }

    public func unreadNoticeCount(userID: Int64) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM notice WHERE userId = ? AND readAt IS NULL", arguments: [userID]) ?? 0
        }
    }

    public func markNoticesRead(userID: Int64, now: Date) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE notice SET readAt = ? WHERE userId = ? AND readAt IS NULL", arguments: [now, userID])
        }
    }

    // MARK: - Moderation

    public func setCommentHidden(id: Int64, hidden: Bool, moderatorID: Int64, reason: String, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE comment SET hiddenAt = ? WHERE id = ?", arguments: [hidden ? now : nil, id])
            guard db.changesCount > 0 else { return false }
            try Self.audit(db, moderatorID, hidden ? "hide comment" : "restore comment", "comment \(id)", reason, now)
            return true
        }
    }

    public func report(_ target: Report.Target, reporterID: Int64, reason: String, now: Date) async throws {
        try await communityWrite { db in
            var comment: Int64?, paper: Int64?
            switch target {
            case .comment(let id):
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM comment WHERE id = ?", arguments: [id]) == true else {
                    throw CommunityError.noSuchComment
                }
                comment = id
            case .paper(let id):
                paper = try Self.livePaperRowid(id, db)
            }
            try db.execute(sql: "INSERT INTO report (commentId, paperRowid, userId, reason, createdAt) VALUES (?, ?, ?, ?, ?)",
                           arguments: [comment, paper, reporterID, reason, now])
        }
    }

    public func openReports(limit: Int) async throws -> [Report] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.id, r.commentId, p.id AS paperID, u.username, r.reason, r.createdAt, r.resolvedAt
                FROM report r LEFT JOIN paper p ON p.rowid = r.paperRowid LEFT JOIN user u ON u.id = r.userId
                WHERE r.resolvedAt IS NULL ORDER BY r.id LIMIT ?
                """, arguments: [max(0, limit)]).compactMap { row in
                    let target: Report.Target
                    if let comment = row["commentId"] as Int64? { target = .comment(comment) } else if let paper = row["paperID"] as String? {
                        target = .paper(paper)
                    } else { return nil }
                    return Report(id: row["id"], target: target, reporterName: row["username"], reason: row["reason"],
                                  createdAt: row["createdAt"], resolvedAt: row["resolvedAt"])
                }
        }
    }

    public func resolveReport(id: Int64, moderatorID: Int64, note: String, now: Date) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE report SET resolvedAt = ?, resolverId = ?, resolution = ? WHERE id = ? AND resolvedAt IS NULL",
                           arguments: [now, moderatorID, note, id])
            guard db.changesCount > 0 else { return false }
            try Self.audit(db, moderatorID, "resolve report", "report \(id)", note, now)
            return true
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT a.id, u.username, a.action, a.target, a.detail, a.at FROM audit a LEFT JOIN user u ON u.id = a.userId
                ORDER BY a.id DESC LIMIT ?
                """, arguments: [max(0, limit)]).map {
                    AuditEntry(id: $0["id"], moderatorName: $0["username"], action: $0["action"], target: $0["target"],
                               detail: $0["detail"], at: $0["at"])
                }
        }
    }

    public func audit(moderatorID: Int64, action: String, target: String, detail: String, now: Date) async throws {
        try await write { db in try Self.audit(db, moderatorID, action, target, detail, now) }
    }

    public func discussionVersion() async throws -> Int64 {
        try await read { db in
            try Int64.fetchOne(db.cachedStatement(sql: "SELECT seq FROM discussionVersion WHERE id = 1")) ?? 0
        }
    }

    // MARK: - Helpers

    private static func audit(_ db: Database, _ moderatorID: Int64, _ action: String, _ target: String, _ detail: String, _ now: Date) throws {
        try db.execute(sql: "INSERT INTO audit (userId, action, target, detail, at) VALUES (?, ?, ?, ?, ?)",
                       arguments: [moderatorID, action, target, detail, now])
    }

    private static let commentSQL = """
        SELECT c.*, p.id AS paperID, u.username FROM comment c JOIN paper p ON p.rowid = c.paperRowid
        LEFT JOIN user u ON u.id = c.userId
        """

    private static func comment(id: Int64, _ db: Database) throws -> Comment? {
        try Row.fetchOne(db, sql: commentSQL + " WHERE c.id = ?", arguments: [id]).map(comment)
    }

    private static func comment(_ row: Row) -> Comment {
        let deleted = row["deletedAt"] as Date?
        return Comment(id: row["id"], paperID: row["paperID"], parentID: row["parentId"],
                       authorID: deleted == nil ? row["userId"] : nil, authorName: deleted == nil ? row["username"] : nil,
                       text: row["text"], html: row["html"], createdAt: row["createdAt"], editedAt: row["editedAt"],
                       deletedAt: deleted, hiddenAt: row["hiddenAt"])
    }
}
