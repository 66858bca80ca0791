import Foundation
import PaperboyCore

/// Comments under papers, the notices they cause, reports and the moderators' audit log: the
/// discussion half of `CommunityStore`.
public protocol DiscussionStore: Sendable {
    /// Adds the comment, and in the same transaction a notice for the author of the comment
    /// it answers and for each person mentioned (never for the writer themselves).
    /// Throws `noSuchPaper`, `noSuchComment` (unknown parent) or `parentOnAnotherPaper`.
    func addComment(_ comment: NewComment, now: Date) async throws -> PostedComment
    func comment(id: Int64) async throws -> Comment?
    /// Every comment under the paper, oldest first, tombstones and hidden ones included (the
    /// caller decides what each viewer sees).
    func comments(paperID: String) async throws -> [Comment]
    /// Replaces the text, keeping the old one as a revision. Only the author; `noSuchComment`
    /// otherwise (and for a deleted comment).
    func editComment(id: Int64, authorID: Int64, text: String, html: String, now: Date) async throws -> Comment
    /// The author deletes their comment: text and history go, a tombstone stays.
    func deleteComment(id: Int64, authorID: Int64, now: Date) async throws
    /// The person's comments, oldest first (for their data export).
    func comments(authorID: Int64) async throws -> [Comment]
    /// Earlier texts, newest first.
    func revisions(commentID: Int64) async throws -> [CommentRevision]
    /// Comments the person wrote at or after `since` (for the rate limit).
    func commentCount(authorID: Int64, since: Date) async throws -> Int

    func notices(userID: Int64, limit: Int) async throws -> [Notice]
    func unreadNoticeCount(userID: Int64) async throws -> Int
    func markNoticesRead(userID: Int64, now: Date) async throws

    // Moderation. Every action is written to the audit log in its own transaction.

    /// Hides or shows again a comment; false when there is no such comment.
    @discardableResult
    func setCommentHidden(id: Int64, hidden: Bool, moderatorID: Int64, reason: String, now: Date) async throws -> Bool
    func report(_ target: Report.Target, reporterID: Int64, reason: String, now: Date) async throws
    /// Open reports, oldest first.
    func openReports(limit: Int) async throws -> [Report]
    @discardableResult
    func resolveReport(id: Int64, moderatorID: Int64, note: String, now: Date) async throws -> Bool
    /// Newest first.
    func auditLog(limit: Int) async throws -> [AuditEntry]
    /// Records an action taken elsewhere (a ban, a removed submission).
    func audit(moderatorID: Int64, action: String, target: String, detail: String, now: Date) async throws

    /// Changes with every comment written, edited, deleted or hidden, and every vote cast or
    /// withdrawn: what page caches (of every instance) follow besides the papers' version.
    func discussionVersion() async throws -> Int64
}
