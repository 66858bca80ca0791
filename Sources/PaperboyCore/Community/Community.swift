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
    public init(localVotes: Int = 0, submission: Submission? = nil) { self.localVotes = localVotes; self.submission = submission }
}

public enum CommunityError: Error, Equatable, CustomStringConvertible {
    case noSuchPaper(String)
    case noSuchUser

    public var description: String {
        switch self {
        case .noSuchPaper(let id): return "no paper \(id) in this hub"
        case .noSuchUser: return "no such user"
        }
    }
}
