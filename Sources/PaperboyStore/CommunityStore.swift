import Foundation
import PaperboyCore

/// What people do with papers: votes, submissions, collections and (`DiscussionStore`) comments.
/// Kept in tables of their own, never on the paper row. Papers are named by arXiv id; writes
/// about a paper the hub does not have throw `CommunityError.noSuchPaper`, about a user who
/// does not exist `CommunityError.noSuchUser`.
public protocol CommunityStore: DiscussionStore, InterestStore {
    /// Sets or clears the user's one vote on the paper (setting twice is one vote) and returns
    /// the paper's tally after it, in the same transaction.
    func setVote(userID: Int64, paperID: String, up: Bool, now: Date) async throws -> VoteTally
    /// Everything the person did, for their data export: papers upvoted and submitted (ids,
    /// oldest first).
    func upvotedPapers(userID: Int64) async throws -> [String]
    func submittedPapers(userID: Int64) async throws -> [String]
    /// Which of `paperIDs` the user has upvoted.
    func upvoted(userID: Int64, among paperIDs: [String]) async throws -> Set<String>
    /// Local votes, submission and comment count of each of `paperIDs` that has any.
    func activity(paperIDs: [String]) async throws -> [String: PaperActivity]

    /// Records that the user submitted the paper, unless someone did before: the answer is
    /// the paper's submission (the first one) and whether this call made it.
    func submit(paperID: String, userID: Int64, now: Date) async throws -> (submission: Submission, isNew: Bool)
    /// Submissions the user made at or after `since` (that still stand).
    func submissionCount(userID: Int64, since: Date) async throws -> Int
    /// Takes the paper off the community list (its votes stay). False when it had no submission.
    @discardableResult
    func removeSubmission(paperID: String) async throws -> Bool

    /// The community view of a range: papers submitted or upvoted on its days, passing the
    /// filter. Trending counts hours from the submission (else the first vote) to
    /// `request.now` or, for a range that is over, to its end, so last month's view ranks
    /// last month's papers among themselves instead of by age alone.
    func communityListing(_ request: ListingRequest) async throws -> Listing

    // Collections. Changes name the owner: another person's collection is
    // `CommunityError.noSuchCollection`, like one that does not exist.

    /// Throws `CommunityError.collectionNameTaken` when the owner has one by that name (without case).
    func createCollection(ownerID: Int64, name: String, description: String, isPublic: Bool, now: Date) async throws -> PaperCollection
    func collection(id: Int64) async throws -> PaperCollection?
    /// The owner's collections, public and private, by name.
    func collections(ownerID: Int64) async throws -> [PaperCollection]
    /// Which of the owner's collections hold the paper.
    func collections(ownerID: Int64, holding paperID: String) async throws -> Set<Int64>
    func updateCollection(id: Int64, ownerID: Int64, name: String, description: String, isPublic: Bool, now: Date) async throws
    @discardableResult
    func deleteCollection(id: Int64, ownerID: Int64) async throws -> Bool
    /// Adds the paper at the end (a paper already there keeps its place and note).
    func addPaper(_ paperID: String, toCollection id: Int64, ownerID: Int64, now: Date) async throws
    @discardableResult
    func removePaper(_ paperID: String, fromCollection id: Int64, ownerID: Int64, now: Date) async throws -> Bool
    func setNote(_ note: String, paper paperID: String, collection id: Int64, ownerID: Int64, now: Date) async throws
    /// Moves the paper to `position` (0 is first; past the end is last), the others closing up.
    func movePaper(_ paperID: String, to position: Int, collection id: Int64, ownerID: Int64, now: Date) async throws
    /// The papers in order (withdrawn ones left out).
    func items(collection id: Int64) async throws -> [CollectionItem]

    // Code links (what papers show: `PaperStore.links`).

    /// Sets the repository and project page the paper shows in place of those found at import
    /// (nil clears one), as `userID`; the latest correction stands. Both are stored in normal
    /// form; one that is not a GitHub or GitLab repository, or not an http(s) page, throws
    /// `CommunityError.invalidLink`.
    @discardableResult
    func correctLinks(paperID: String, repository: String?, projectPage: String?, userID: Int64, now: Date) async throws -> LinkCorrection
    /// The correction standing for the paper, if any.
    func linkCorrection(paperID: String) async throws -> LinkCorrection?
    /// The standing corrections the person made (one replaced by someone else's is gone),
    /// oldest first: for their data export.
    func linkCorrections(userID: Int64) async throws -> [LinkCorrection]
}
