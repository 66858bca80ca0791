import Foundation
import PaperboyCore

/// A comment in `/api/papers/{id}/comments`, with its replies. Deleted and hidden comments
/// keep their place in the thread without their text or author.
struct APIComment: Encodable {
    var id: Int64
    var parent: Int64?
    var author: APIUser?
    var text: String?
    var html: String?
    var createdAt: String
    var editedAt: String?
    var deleted: Bool
    var hidden: Bool
    var replies: [APIComment]

    init(_ c: Comment, replies: [APIComment]) {
        let shown = c.deletedAt == nil && c.hiddenAt == nil
        id = c.id; parent = c.parentID
        author = shown ? c.authorName.map { APIUser(name: $0, fullname: $0) } : nil
        text = shown ? c.text : nil; html = shown ? c.html : nil
        createdAt = DateFormats.iso(c.createdAt, milliseconds: true)
        editedAt = shown ? c.editedAt.map { DateFormats.iso($0, milliseconds: true) } : nil
        deleted = c.deletedAt != nil; hidden = c.hiddenAt != nil && c.deletedAt == nil
        self.replies = replies
    }

    static func threads(_ comments: [Comment]) -> [APIComment] {
        CommentTree.build(comments) { APIComment($0, replies: $1) }
    }
}
