import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Comments, notices, reports and the audit log (`DiscussionSchema.swift`).
extension PostgresStore {
    public func addComment(_ new: NewComment, now: Date) async throws -> PostedComment {
        try await communityWrite { connection in
            let rowid = try await livePaperRowid(new.paperID, connection)
            var parentAuthor: Int64?
            if let parent = new.parentID {
                guard let row = try await connection.rows("SELECT paperRowid, userId FROM comment WHERE id = \(parent)", logger: logger).first else {
                    throw CommunityError.noSuchComment
                }
                let (parentPaper, author) = try row.decode((Int64, Int64?).self)
                guard parentPaper == rowid else { throw CommunityError.parentOnAnotherPaper }
                parentAuthor = author
            }
            let inserted = try await connection.rows("""
                INSERT INTO comment (paperRowid, parentId, userId, text, html, createdAt)
                VALUES (\(rowid), \(new.parentID), \(new.authorID), \(new.text.removingNULs()), \(new.html.removingNULs()), \(now)) RETURNING id
                """, logger: logger)
            guard let id = try inserted.first?.decode(Int64.self) else { throw CommunityError.noSuchComment }
            // One notice per person: a reply to them, else a mention of them; never to the writer.
            var told: [PostedComment.Recipient] = []
            var recipients: [(Int64, Notice.Kind)] = []
            if let parentAuthor { recipients.append((parentAuthor, .reply)) }
            for name in new.mentions {
                // Usernames are one per person without case (SQLite's NOCASE column).
                let found = try await connection.rows("SELECT id FROM account WHERE lower(username) = lower(\(name)) AND bannedAt IS NULL",
                                                      logger: logger)
                if let user = try found.first?.decode(Int64.self) { recipients.append((user, .mention)) }
            }
            for (user, kind) in recipients where user != new.authorID && !told.contains(where: { $0.userID == user }) {
                told.append(PostedComment.Recipient(userID: user, kind: kind))
                try await connection.query("""
                    INSERT INTO notice (userId, kind, commentId, actorId, createdAt) VALUES (\(user), \(kind.rawValue), \(id), \(new.authorID), \(now))
                    """, logger: logger)
            }
            guard let made = try await comment(id: id, connection) else { throw CommunityError.noSuchComment }
            return PostedComment(comment: made, notified: told)
        }
    }

    public func comment(id: Int64) async throws -> Comment? {
        try await rows("\(unescaped: Self.commentSQL) WHERE c.id = \(id)").first.map(Self.comment)
    }

    public func comments(paperID: String) async throws -> [Comment] {
        try await rows("\(unescaped: Self.commentSQL) WHERE p.id = \(paperID) ORDER BY c.id").map(Self.comment)
    }

    public func comments(authorID: Int64) async throws -> [Comment] {
        try await rows("\(unescaped: Self.commentSQL) WHERE c.userId = \(authorID) AND c.deletedAt IS NULL ORDER BY c.id").map(Self.comment)
    }

    public func editComment(id: Int64, authorID: Int64, text: String, html: String, now: Date) async throws -> Comment {
        try await transaction { connection in
            // FOR UPDATE: two edits at once each keep the text the other replaced.
            guard let row = try await connection.rows("""
                SELECT userId, deletedAt IS NULL, text, html FROM comment WHERE id = \(id) FOR UPDATE
                """, logger: logger).first else { throw CommunityError.noSuchComment }
            let (author, live, oldText, oldHTML) = try row.decode((Int64?, Bool, String, String).self)
            guard author == authorID, live else { throw CommunityError.noSuchComment }
            try await connection.query("""
                INSERT INTO commentRevision (commentId, text, html, replacedAt) VALUES (\(id), \(oldText), \(oldHTML), \(now))
                """, logger: logger)
            // PostgreSQL's text cannot hold NUL, which means nothing in a comment anyway.
            try await connection.query("UPDATE comment SET text = \(text.removingNULs()), html = \(html.removingNULs()), editedAt = \(now) WHERE id = \(id)",
                                       logger: logger)
            guard let edited = try await comment(id: id, connection) else { throw CommunityError.noSuchComment }
            return edited
        }
    }

    public func deleteComment(id: Int64, authorID: Int64, now: Date) async throws {
        try await transaction { connection in
            let deleted = try await connection.rows("""
                UPDATE comment SET text = '', html = '', deletedAt = \(now)
                WHERE id = \(id) AND userId = \(authorID) AND deletedAt IS NULL RETURNING id
                """, logger: logger)
            if deleted.isEmpty { throw CommunityError.noSuchComment }
            try await connection.query("DELETE FROM commentRevision WHERE commentId = \(id)", logger: logger)
        }
    }

    public func revisions(commentID: Int64) async throws -> [CommentRevision] {
        try await rows("SELECT text, html, replacedAt FROM commentRevision WHERE commentId = \(commentID) ORDER BY id DESC").map { row in
            let (text, html, replacedAt) = try row.decode((String, String, Date).self)
            return CommentRevision(text: text, html: html, replacedAt: replacedAt)
        }
    }

    public func commentCount(authorID: Int64, since: Date) async throws -> Int {
        try await rows("SELECT count(*) FROM comment WHERE userId = \(authorID) AND createdAt >= \(since)").first?.decode(Int.self) ?? 0
    }

    // MARK: - Notices

    public func notices(userID: Int64, limit: Int) async throws -> [Notice] {
        try await rows("""
            SELECT n.id, n.kind, n.commentId, p.id, a.username, n.createdAt, n.readAt
            FROM notice n JOIN comment c ON c.id = n.commentId JOIN paper p ON p.rowid = c.paperRowid
            LEFT JOIN account a ON a.id = n.actorId
            WHERE n.userId = \(userID) ORDER BY n.id DESC LIMIT \(max(0, limit))
            """).compactMap { row in
                let (id, kind, commentID, paperID, actor, createdAt, readAt) =
                    try row.decode((Int64, String, Int64, String, String?, Date, Date?).self)
                return Notice.Kind(rawValue: kind).map {
                    Notice(id: id, kind: $0, commentID: commentID, paperID: paperID, actorName: actor, createdAt: createdAt, readAt: readAt)
                }
            }
    }

    public func unreadNoticeCount(userID: Int64) async throws -> Int {
        try await rows("SELECT count(*) FROM notice WHERE userId = \(userID) AND readAt IS NULL").first?.decode(Int.self) ?? 0
    }

    public func markNoticesRead(userID: Int64, now: Date) async throws {
        try await execute("UPDATE notice SET readAt = \(now) WHERE userId = \(userID) AND readAt IS NULL")
    }

    // MARK: - Moderation

    @discardableResult
    public func setCommentHidden(id: Int64, hidden: Bool, moderatorID: Int64, reason: String, now: Date) async throws -> Bool {
        try await transaction { connection in
            let hiddenAt: Date? = hidden ? now : nil
            let changed = try await connection.rows("UPDATE comment SET hiddenAt = \(hiddenAt) WHERE id = \(id) RETURNING id", logger: logger)
            guard !changed.isEmpty else { return false }
            try await audit(connection, moderatorID, hidden ? "hide comment" : "restore comment", "comment \(id)", reason, now)
            return true
        }
    }

    public func report(_ target: Report.Target, reporterID: Int64, reason: String, now: Date) async throws {
        try await communityWrite { connection in
            var comment: Int64?, paper: Int64?
            switch target {
            case .comment(let id):
                guard !(try await connection.rows("SELECT id FROM comment WHERE id = \(id)", logger: logger)).isEmpty else {
                    throw CommunityError.noSuchComment
                }
                comment = id
            case .paper(let id):
                paper = try await livePaperRowid(id, connection)
            }
            try await connection.query("""
                INSERT INTO report (commentId, paperRowid, userId, reason, createdAt) VALUES (\(comment), \(paper), \(reporterID), \(reason), \(now))
                """, logger: logger)
        }
    }

    public func openReports(limit: Int) async throws -> [Report] {
        try await rows("""
            SELECT r.id, r.commentId, p.id, u.username, r.reason, r.createdAt, r.resolvedAt
            FROM report r LEFT JOIN paper p ON p.rowid = r.paperRowid LEFT JOIN account u ON u.id = r.userId
            WHERE r.resolvedAt IS NULL ORDER BY r.id LIMIT \(max(0, limit))
            """).compactMap { row in
                let (id, commentID, paperID, reporter, reason, createdAt, resolvedAt) =
                    try row.decode((Int64, Int64?, String?, String?, String, Date, Date?).self)
                let target: Report.Target
                if let commentID { target = .comment(commentID) } else if let paperID { target = .paper(paperID) } else { return nil }
                return Report(id: id, target: target, reporterName: reporter, reason: reason, createdAt: createdAt, resolvedAt: resolvedAt)
            }
    }

    @discardableResult
    public func resolveReport(id: Int64, moderatorID: Int64, note: String, now: Date) async throws -> Bool {
        try await transaction { connection in
            let resolved = try await connection.rows("""
                UPDATE report SET resolvedAt = \(now), resolverId = \(moderatorID), resolution = \(note)
                WHERE id = \(id) AND resolvedAt IS NULL RETURNING id
                """, logger: logger)
            guard !resolved.isEmpty else { return false }
            try await audit(connection, moderatorID, "resolve report", "report \(id)", note, now)
            return true
        }
    }

    public func auditLog(limit: Int) async throws -> [AuditEntry] {
        try await rows("""
            SELECT a.id, u.username, a.action, a.target, a.detail, a.at FROM audit a LEFT JOIN account u ON u.id = a.userId
            ORDER BY a.id DESC LIMIT \(max(0, limit))
            """).map { row in
                let (id, moderator, action, target, detail, at) = try row.decode((Int64, String?, String, String, String, Date).self)
                return AuditEntry(id: id, moderatorName: moderator, action: action, target: target, detail: detail, at: at)
            }
    }

    public func audit(moderatorID: Int64, action: String, target: String, detail: String, now: Date) async throws {
        try await transaction { connection in try await audit(connection, moderatorID, action, target, detail, now) }
    }

    public func discussionVersion() async throws -> Int64 {
        try await rows("SELECT seq FROM discussionVersion WHERE id = 1").first?.decode(Int64.self) ?? 0
    }

    // MARK: - Helpers

    private func audit(_ connection: PostgresConnection, _ moderatorID: Int64, _ action: String, _ target: String, _ detail: String,
                       _ now: Date) async throws {
        try await connection.query("""
            INSERT INTO audit (userId, action, target, detail, at) VALUES (\(moderatorID), \(action), \(target), \(detail), \(now))
            """, logger: logger)
    }

    /// A comment's columns with its paper and author, for a WHERE clause to pick.
    private static let commentSQL = """
        SELECT c.id, p.id, c.parentId, c.userId, u.username, c.text, c.html, c.createdAt, c.editedAt, c.deletedAt, c.hiddenAt
        FROM comment c JOIN paper p ON p.rowid = c.paperRowid LEFT JOIN account u ON u.id = c.userId
        """

    private func comment(id: Int64, _ connection: PostgresConnection) async throws -> Comment? {
        try await connection.rows("\(unescaped: Self.commentSQL) WHERE c.id = \(id)", logger: logger).first.map(Self.comment)
    }

    private static func comment(_ row: PostgresRow) throws -> Comment {
        let (id, paperID, parentID, authorID, authorName, text, html, createdAt, editedAt, deletedAt, hiddenAt) =
            try row.decode((Int64, String, Int64?, Int64?, String?, String, String, Date, Date?, Date?, Date?).self)
        // A tombstone names nobody.
        return Comment(id: id, paperID: paperID, parentID: parentID,
                       authorID: deletedAt == nil ? authorID : nil, authorName: deletedAt == nil ? authorName : nil,
                       text: text, html: html, createdAt: createdAt, editedAt: editedAt, deletedAt: deletedAt, hiddenAt: hiddenAt)
    }
}
