/// What a person has told the hub about their interests, explicitly or by what they did: the
/// material their "For you" ranking is learned from. Only the person's own signals are ever
/// in here (their private collections included; nobody else's).
public struct InterestSignals: Sendable, Equatable {
    /// Papers they want more like, each with every reason it counts.
    public var liked: [LikedPaper]
    /// Papers they marked "not interested".
    public var notInterested: [String]
    /// Categories picked when starting out (`cs.CL`, or `cs.*` for a whole archive).
    public var categories: [String]

    public init(liked: [LikedPaper] = [], notInterested: [String] = [], categories: [String] = []) {
        self.liked = liked; self.notInterested = notInterested; self.categories = categories
    }

    public var isEmpty: Bool { liked.isEmpty && notInterested.isEmpty && categories.isEmpty }

    /// Papers never recommended: those already liked and those marked "not interested".
    public var known: Set<String> { Set(liked.map(\.paperID)).union(notInterested) }
}

public struct LikedPaper: Sendable, Equatable {
    public var paperID: String
    public var title: String
    public var sources: [InterestSource]
    public init(paperID: String, title: String, sources: [InterestSource]) {
        self.paperID = paperID; self.title = title; self.sources = sources
    }
}

/// Why a paper counts as liked: the words a recommendation's reason uses.
public enum InterestSource: Sendable, Hashable {
    case upvoted
    case saved(collectionID: Int64, name: String)
    /// Picked as a seed on the "For you" page.
    case picked
}
