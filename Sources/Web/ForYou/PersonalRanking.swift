import PaperboyCore
import Search

/// A person's (or a collection's) interest model, ready to order papers and say why: the glue
/// between the signals the store keeps and the `Recommender` of the Search module.
struct PersonalRanking {
    let recommender: Recommender
    let model: Recommender.Model
    let liked: [String: LikedPaper]
    /// Papers never recommended: those already liked and those marked "not interested".
    let known: Set<String>

    /// Nil when there is nothing to learn from (no liked paper has a vector yet).
    /// - Parameters:
    ///   - pool: the papers to be ranked, where negatives are sampled (nil: the whole index).
    ///   - seed: the same person gets the same sample, so their page is stable between loads.
    init?(_ recommender: Recommender?, signals: InterestSignals, pool: [String]?, seed: Int64) {
        guard let recommender, let model = recommender.train(signals, pool: pool, seed: UInt64(bitPattern: seed)) else { return nil }
        self.recommender = recommender
        self.model = model
        liked = Dictionary(signals.liked.map { ($0.paperID, $0) }, uniquingKeysWith: { a, _ in a })
        known = signals.known
    }

    /// The pool best first; papers not embedded yet follow in the pool's own order.
    func order(_ pool: [String]) -> [String] {
        let ranked = recommender.rank(model, candidates: pool, excluding: known, limit: pool.count).map(\.id)
        let scored = Set(ranked)
        return ranked + pool.filter { !scored.contains($0) && !known.contains($0) }
    }

    /// The best `limit` papers of the whole index.
    func top(_ limit: Int) -> [String] {
        recommender.rank(model, candidates: nil, excluding: known, limit: limit).map(\.id)
    }

    /// "Like *Title* in your collection X": the liked paper nearest each of `ids`.
    func reasons(for ids: [String]) -> [String: ReasonView] {
        recommender.reasons(for: ids, model: model).compactMapValues { likedID in
            liked[likedID].map { paper in
                ReasonView(title: paper.title, href: CardBuilder.paperPath(paper.paperID), context: Self.describe(paper.sources))
            }
        }
    }

    /// Where the liked paper comes from, in words; a collection's own ranking names no source.
    static func describe(_ sources: [InterestSource]) -> String {
        if sources.isEmpty { return "in this collection" }
        let collections = sources.compactMap { source -> String? in
            if case .saved(_, let name) = source { return name } else { return nil }
        }
        if !collections.isEmpty { return "in your collection\(collections.count == 1 ? "" : "s") " + collections.joined(separator: ", ") }
        if sources.contains(.upvoted) { return "which you upvoted" }
        return "which you picked"
    }
}

/// Why a card was recommended: a liked paper it resembles.
struct ReasonView: Equatable {
    var title: String
    var href: String
    /// "which you upvoted", "in your collection Reading list".
    var context: String
}
