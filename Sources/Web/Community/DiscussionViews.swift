import Foundation
import Mustache
import PaperboyCore

/// The discussion under a paper, as the paper page shows it to one viewer.
struct DiscussionView: Sendable {
    var paperID: String
    var action: String
    /// " (3)", or nothing without comments.
    var countLabel: String
    /// The threads, written by `DiscussionHTML`.
    var threadsHTML: String
    var canComment: Bool
    var signInHref: String
}

/// Threads from a paper's comments (oldest first at every level). Replies nested deeper than
/// `maxDepth` are put at that depth, so a long back-and-forth stays readable on a phone.
enum CommentTree {
    static func build<T>(_ comments: [Comment], maxDepth: Int = .max, _ make: (Comment, [T]) -> T) -> [T] {
        let children = Dictionary(grouping: comments.filter { $0.parentID != nil }, by: { $0.parentID ?? 0 })
        func build(_ c: Comment, depth: Int) -> [T] {
            let below = (children[c.id] ?? []).flatMap { build($0, depth: depth + 1) }
            return depth >= maxDepth ? [make(c, [])] + below : [make(c, below)]
        }
        return comments.filter { $0.parentID == nil }.flatMap { build($0, depth: 0) }
    }
}

/// One comment and its replies, as `DiscussionHTML` writes them. `html` was sanitised when the
/// comment was written.
struct CommentView: Sendable {
    var id: Int64
    var anchor: String
    var author: String
    var authorHref: String
    var html: String
    var text: String
    var date: String
    var edited: Bool
    var historyHref: String
    /// Deleted (a tombstone) or hidden from this viewer: `placeholder` says which.
    var isPlaceholder: Bool
    var placeholder: String
    /// Hidden, and shown only because the viewer moderates.
    var hiddenForOthers: Bool
    var isOwn: Bool
    var canModerate: Bool
    var canReply: Bool
    var replies: [CommentView]

    static func threads(_ comments: [Comment], viewer: Viewer?) -> [CommentView] {
        CommentTree.build(comments, maxDepth: 5) { view($0, viewer, replies: $1) }
    }

    private static func view(_ c: Comment, _ viewer: Viewer?, replies: [CommentView]) -> CommentView {
        let moderates = (viewer?.user.role ?? .user) >= .moderator
        let placeholder: String? = c.deletedAt != nil ? "This comment was deleted."
            : c.hiddenAt != nil && !moderates ? "This comment was hidden by a moderator." : nil
        let shown = placeholder == nil
        return CommentView(
            id: c.id, anchor: "c\(c.id)",
            author: shown ? c.authorName ?? "" : "", authorHref: shown ? c.authorName.map { "/u/" + $0 } ?? "" : "",
            html: shown ? c.html : "", text: shown ? c.text : "",
            date: CardBuilder.displayDate(Day(c.createdAt)), edited: shown && c.editedAt != nil,
            historyHref: "/comments/\(c.id)/history", isPlaceholder: !shown, placeholder: placeholder ?? "",
            hiddenForOthers: c.hiddenAt != nil && c.deletedAt == nil && moderates,
            isOwn: shown && viewer != nil && c.authorID == viewer?.user.id,
            canModerate: moderates && c.deletedAt == nil, canReply: viewer != nil && c.deletedAt == nil,
            replies: replies)
    }
}

struct NoticesView {
    var layout: LayoutView
    var notices: [NoticeView]
}

struct NoticeView { var text: String; var href: String; var date: String; var unread: Bool }

struct HistoryView {
    var layout: LayoutView
    var paperHref: String
    var current: CommentView
    var revisions: [RevisionView]
}

struct RevisionView { var html: String; var replaced: String }

struct ModerationView {
    var layout: LayoutView
    var csrf: String
    var reports: [ReportView]
    var audit: [AuditView]
}

struct ReportView { var id: Int64; var what: String; var href: String; var reporter: String; var reason: String; var date: String }
/// `detail` is nil when empty (Mustache shows a section for an empty string).
struct AuditView { var who: String; var action: String; var target: String; var detail: String?; var date: String }

extension DiscussionView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "paperID": paperID
        case "action": action
        case "countLabel": countLabel
        case "threadsHTML": threadsHTML
        case "canComment": canComment
        case "signInHref": signInHref
        default: nil
        }
    }
}
