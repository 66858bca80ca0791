import PaperboyCore
import PaperboyStore

/// A page of a listing, whichever view made it.
struct ShownPapers {
    /// `votes` is nil when the view did not rank by votes (the card counts them then).
    var papers: [(paper: Paper, votes: Int?)]
    var total: Int
    var reasons: [String: ReasonView] = [:]
    /// For you only: what the ranking rests on, or what it still needs.
    var forYouNote: String?
}

extension ShownPapers {
    init(_ listing: Listing) {
        self.init(papers: listing.papers.map { ($0.paper, $0.votes) }, total: listing.total)
    }
}

extension FeedPagesController {
    /// The "For you" view: the range's papers (in the person's categories when the page has no
    /// category filter of its own) ordered by their interest model. Without anything to learn
    /// from yet, their categories' trending list, or an invitation to pick some papers.
    func forYou(_ range: DayRange, filter: CategoryFilter, page: Int, viewer: Viewer) async throws -> ShownPapers {
        let signals = try await community.interestSignals(userID: viewer.user.id)
        var poolFilter = filter
        if poolFilter.include.isEmpty { poolFilter.include = signals.categories }
        let offset = (page - 1) * config.pageSize
        let pool = try await store.paperIDs(from: range.first, through: range.last, filter: poolFilter)
        if let ranking = PersonalRanking(semantic?.recommender, signals: signals, pool: pool, seed: viewer.user.id) {
            let ordered = ranking.order(pool)
            let ids = Array(ordered.dropFirst(offset).prefix(config.pageSize))
            let count = ranking.model.liked.count
            return ShownPapers(papers: try await store.papers(ids: ids).map { ($0, nil) }, total: ordered.count,
                               reasons: ranking.reasons(for: ids),
                               forYouNote: "Ranked by \(count) paper\(count == 1 ? "" : "s") you upvoted, saved or picked.")
        }
        let invitation = "Upvote, save or pick a few papers and this view ranks them for you."
        guard !signals.categories.isEmpty else { return ShownPapers(papers: [], total: 0, forYouNote: invitation) }
        var shown = ShownPapers(try await store.listing(ListingRequest(range: range, filter: poolFilter, offset: offset, limit: config.pageSize)))
        shown.forYouNote = "Trending in your categories. " + invitation
        return shown
    }
}
