import Foundation

/// A comment under a paper. A deleted one stays as a tombstone (no text, no author) so the
/// replies under it keep their place; a hidden one is shown to moderators only.
public struct Comment: Sendable, Equatable {
    public var id: Int64
    public var paperID: String
    public var parentID: Int64?
    /// Nil once the comment is deleted or its author's account is.
    public var authorID: Int64?
    public var authorName: String?
    /// The Markdown as written; empty once deleted.
    public var text: String
    /// `text` rendered and sanitised when it was written, so pages never render Markdown.
    public var html: String
    public var createdAt: Date
    public var editedAt: Date?
    public var deletedAt: Date?
    public var hiddenAt: Date?
    public init(id: Int64, paperID: String, parentID: Int64?, authorID: Int64?, authorName: String?, text: String, html: String,
                createdAt: Date, editedAt: Date? = nil, deletedAt: Date? = nil, hiddenAt: Date? = nil) {
        self.id = id; self.paperID = paperID; self.parentID = parentID; self.authorID = authorID; self.authorName = authorName
        self.text = text; self.html = html; self.createdAt = createdAt; self.editedAt = editedAt; self.deletedAt = deletedAt
        self.hiddenAt = hiddenAt
    }
}

/// A new comment and the people told of it (its parent's author, the people it mentions).
public struct PostedComment: Sendable {
    public struct Recipient: Sendable, Equatable {
        public var userID: Int64
        public var kind: Notice.Kind
        public init(userID: Int64, kind: Notice.Kind) { self.userID = userID; self.kind = kind }
    }
    public var comment: Comment
    public var notified: [Recipient]
    public init(comment: Comment, notified: [Recipient]) { self.comment = comment; self.notified = notified }
}

/// A comment as it was before an edit.
public struct CommentRevision: Sendable, Equatable {
    public var text: String
    public var html: String
    /// When this text was replaced.
    public var replacedAt: Date
    public init(text: String, html: String, replacedAt: Date) { self.text = text; self.html = html; self.replacedAt = replacedAt }
}

/// What a new comment is: text and its rendering, and what it answers.
public struct NewComment: Sendable {
    public var paperID: String
    public var parentID: Int64?
    public var authorID: Int64
    public var text: String
    public var html: String
    /// People named with @ in the text (usernames as written, without the @).
    public var mentions: [String]
    public init(paperID: String, parentID: Int64?, authorID: Int64, text: String, html: String, mentions: [String]) {
        self.paperID = paperID; self.parentID = parentID; self.authorID = authorID; self.text = text; self.html = html
        self.mentions = mentions
    }
}

/// Something that happened to a person: a reply to their comment, or a mention.
public struct Notice: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable { case reply, mention }
    public var id: Int64
    public var kind: Kind
    public var commentID: Int64
    public var paperID: String
    public var actorName: String?
    public var createdAt: Date
    public var readAt: Date?
    public init(id: Int64, kind: Kind, commentID: Int64, paperID: String, actorName: String?, createdAt: Date, readAt: Date?) {
        self.id = id; self.kind = kind; self.commentID = commentID; self.paperID = paperID; self.actorName = actorName
        self.createdAt = createdAt; self.readAt = readAt
    }
}

/// A person's report of a comment or a paper, for the moderators' queue.
public struct Report: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        case comment(Int64)
        case paper(String)
    }
    public var id: Int64
    public var target: Target
    public var reporterName: String?
    public var reason: String
    public var createdAt: Date
    public var resolvedAt: Date?
    public init(id: Int64, target: Target, reporterName: String?, reason: String, createdAt: Date, resolvedAt: Date?) {
        self.id = id; self.target = target; self.reporterName = reporterName; self.reason = reason
        self.createdAt = createdAt; self.resolvedAt = resolvedAt
    }
}

/// One moderator action, kept for good.
public struct AuditEntry: Sendable, Equatable {
    public var id: Int64
    public var moderatorName: String?
    /// e.g. "hide comment", "ban user".
    public var action: String
    /// What it was done to, e.g. "comment 12" or "user bob".
    public var target: String
    public var detail: String
    public var at: Date
    public init(id: Int64, moderatorName: String?, action: String, target: String, detail: String, at: Date) {
        self.id = id; self.moderatorName = moderatorName; self.action = action; self.target = target; self.detail = detail; self.at = at
    }
}
