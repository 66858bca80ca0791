import Foundation

/// A paper's upvotes after a vote: what the vote button and `POST /api/papers/{id}/upvote`
/// show. `upvotes` counts local votes plus those imported with the paper (Hugging Face's).
public struct VoteTally: Sendable, Equatable, Codable {
    public var upvotes: Int
    public var upvoted: Bool
    public init(upvotes: Int, upvoted: Bool) { self.upvotes = upvotes; self.upvoted = upvoted }
}

/// Who first put a paper on the community list, and when. A paper submitted again keeps its
/// first submitter. `username` is nil once that account is deleted (the submission stays).
public struct Submission: Sendable, Equatable {
    public var paperID: String
    public var userID: Int64?
    public var username: String?
    public var submittedAt: Date
    public init(paperID: String, userID: Int64?, username: String?, submittedAt: Date) {
        self.paperID = paperID; self.userID = userID; self.username = username; self.submittedAt = submittedAt
    }
}

/// What the community knows of one paper, for cards, pages and the API.
public struct PaperActivity: Sendable, Equatable {
    /// Local upvotes (imported ones live on the paper's `hub`).
    public var localVotes: Int
    public var submission: Submission?
    /// Comments people can see (not deleted, not hidden).
    public var comments: Int
    public init(localVotes: Int = 0, submission: Submission? = nil, comments: Int = 0) {
        self.localVotes = localVotes; self.submission = submission; self.comments = comments
    }
}

public enum CommunityError: Error, Equatable, CustomStringConvertible {
    case noSuchPaper(String)
    case noSuchUser
    /// Unknown, or not the person's own (the two are not told apart, so nobody learns which
    /// private collections exist).
    case noSuchCollection
    case collectionNameTaken(String)
    /// Unknown, or not one the person may change.
    case noSuchComment
    /// A reply names a parent under another paper.
    case parentOnAnotherPaper
    case invalidLink(String)

    public var description: String {
        switch self {
        case .noSuchPaper(let id): return "no paper \(id) in this hub"
        case .noSuchUser: return "no such user"
        case .noSuchCollection: return "no such collection"
        case .collectionNameTaken(let name): return "you already have a collection called \(name)"
        case .noSuchComment: return "no such comment"
        case .parentOnAnotherPaper: return "a reply must be under the same paper as the comment it answers"
        case .invalidLink(let text): return "'\(text.prefix(80))' is not a repository or web page link"
        }
    }
}

/// A person's named list of papers. Private ones are seen by their owner only.
public struct PaperCollection: Sendable, Equatable {
    public var id: Int64
    public var ownerID: Int64
    public var ownerName: String
    public var name: String
    public var description: String
    public var isPublic: Bool
    public var paperCount: Int
    public var createdAt: Date
    public var updatedAt: Date
    public init(id: Int64, ownerID: Int64, ownerName: String, name: String, description: String, isPublic: Bool, paperCount: Int,
                createdAt: Date, updatedAt: Date) {
        self.id = id; self.ownerID = ownerID; self.ownerName = ownerName; self.name = name; self.description = description
        self.isPublic = isPublic; self.paperCount = paperCount; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    /// Whether `viewerID` (nil: an anonymous visitor) may see it.
    public func isVisible(to viewerID: Int64?) -> Bool { isPublic || viewerID == ownerID }
}

/// A paper in a collection, with the owner's note on it.
public struct CollectionItem: Sendable {
    public var paper: Paper
    public var note: String
    public var addedAt: Date
    public init(paper: Paper, note: String, addedAt: Date) { self.paper = paper; self.note = note; self.addedAt = addedAt }
}
