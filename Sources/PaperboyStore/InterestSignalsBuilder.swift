import PaperboyCore

/// Folds the rows of the interest query every backend runs (a paper, its title, the kind of
/// signal: upvoted, saved, picked or rejected, and for a saved one its collection), newest
/// first, into `InterestSignals`.
public struct InterestSignalsBuilder {
    private var liked: [LikedPaper] = [], slot: [String: Int] = [:], rejected: [String] = []

    public init() {}

    public mutating func add(id: String, title: String, kind: String, collectionID: Int64?, name: String?) {
        let source: InterestSource
        switch kind {
        case "upvoted": source = .upvoted
        case "saved":
            guard let collectionID, let name else { return }
            source = .saved(collectionID: collectionID, name: name)
        case "picked": source = .picked
        default: rejected.append(id); return
        }
        if let at = slot[id] {
            liked[at].sources.append(source)
        } else {
            slot[id] = liked.count
            liked.append(LikedPaper(paperID: id, title: title, sources: [source]))
        }
    }

    /// A paper both liked and rejected counts as liked.
    public func signals(categories: [String]) -> InterestSignals {
        InterestSignals(liked: liked, notInterested: rejected.filter { slot[$0] == nil }, categories: categories)
    }
}
