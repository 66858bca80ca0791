import Foundation
import PaperboyCore
import PaperboyStore
import Search

/// Picks each subscription's papers for a period. Everything shared between subscriptions is
/// computed once per period and kept for the run: the period's papers in trending order, each
/// saved search's matches and each followed collection's additions. So ten thousand
/// subscriptions cost about one listing plus one search per distinct query.
public actor DigestSelector {
    let papers: any PaperStore
    let community: any CommunityStore
    let recommender: Recommender?

    private var pools: [DigestPeriod: Pool] = [:]
    private var searches: [String: Set<String>] = [:]
    private var additions: [String: [Paper]] = [:]

    /// The papers of a period, best first, and their ids.
    struct Pool {
        var order: [ListedPaper]
        var ids: Set<String>
    }

    public init(papers: any PaperStore, community: any CommunityStore, recommender: Recommender?) {
        self.papers = papers; self.community = community; self.recommender = recommender
    }

    /// The digest's papers, best first: the period's papers matching any filter (all of them
    /// when there is none), none of an excluded category, none sent before, at most `top`.
    public func select(_ subscription: Subscription, period: DigestPeriod, sent: Set<String>) async throws -> [ListedPaper] {
        let filter = subscription.filter
        let pool = try await pool(period)
        let included = CategoryFilter(include: filter.categories), excluded = CategoryFilter(exclude: filter.excludedCategories)
        // Matches of everything but the categories, which are checked as the pool is walked.
        var chosen = Set<String>()
        if !filter.isTrending {
            for query in filter.queries { chosen.formUnion(try await matches(query, period)) }
            for author in filter.authors { chosen.formUnion(try await matches("author:\"\(author.replacingOccurrences(of: "\"", with: ""))\"", period)) }
            if filter.forYou, let userID = subscription.userID { chosen.formUnion(try await forYou(userID, pool, top: filter.top)) }
        }
        // Followed collections can add older papers, which the period's listing does not hold:
        // they follow the period's own papers.
        var extra: [ListedPaper] = []
        for collection in filter.collections {
            for paper in try await added(to: collection, period) {
                if pool.ids.contains(paper.id) { chosen.insert(paper.id) }
                else if !extra.contains(where: { $0.paper.id == paper.id }) {
                    extra.append(ListedPaper(paper: paper, votes: paper.hub?.upvotes ?? 0, trendingScore: 0))
                }
            }
        }
        // The pool is in trending order: the first `top` that pass are the digest.
        var picked: [ListedPaper] = []
        func offer(_ paper: ListedPaper) {
            if !sent.contains(paper.paper.id), excluded.matches(paper.paper.categories) { picked.append(paper) }
        }
        let byCategory = !filter.categories.isEmpty
        for paper in pool.order {
            if picked.count == filter.top { return picked }
            if filter.isTrending || chosen.contains(paper.paper.id) || byCategory && included.matches(paper.paper.categories) { offer(paper) }
        }
        for paper in extra where picked.count < filter.top { offer(paper) }
        return picked
    }

    private func pool(_ period: DigestPeriod) async throws -> Pool {
        if let pool = pools[period] { return pool }
        // Trending as of the period's end, so a digest sent late ranks as one sent on time.
        let end = period.last.adding(days: 1).date
        var order: [ListedPaper] = []
        let page = 5_000
        while true {
            let listing = try await papers.listing(ListingRequest(range: period.range, sort: .trending, offset: order.count, limit: page, now: end))
            order += listing.papers
            if listing.papers.count < page { break }
        }
        let pool = Pool(order: order, ids: Set(order.map(\.paper.id)))
        pools[period] = pool
        return pool
    }

    /// A saved search's matches in the period (a search bounded to its days).
    private func matches(_ query: String, _ period: DigestPeriod) async throws -> Set<String> {
        let key = "\(period.first)…\(period.last) \(query)"
        if let hits = searches[key] { return hits }
        let request = SearchRequest(query: "\(query) since:\(period.first) until:\(period.last)", sort: .newest, limit: 2_000,
                                    match: .all, countsTotal: false)
        let hits = Set(try await papers.search(request).hits.map(\.paper.id))
        searches[key] = hits
        return hits
    }

    /// Papers added to a public collection during the period (a private one adds nothing).
    private func added(to collectionID: Int64, _ period: DigestPeriod) async throws -> [Paper] {
        let key = "\(period.first)…\(period.last) \(collectionID)"
        if let papers = additions[key] { return papers }
        var papers: [Paper] = []
        if let collection = try await community.collection(id: collectionID), collection.isPublic {
            let from = period.first.date, to = period.last.adding(days: 1).date
            papers = try await community.items(collection: collectionID).filter { $0.addedAt >= from && $0.addedAt < to }.map(\.paper)
        }
        additions[key] = papers
        return papers
    }

    /// The subscriber's own ranking of the period: its best `top` papers.
    private func forYou(_ userID: Int64, _ pool: Pool, top: Int) async throws -> [String] {
        guard let recommender else { return [] }
        let signals = try await community.interestSignals(userID: userID)
        let ids = pool.order.map(\.paper.id)
        guard let model = recommender.train(signals, pool: ids, seed: UInt64(bitPattern: userID)) else { return [] }
        return recommender.rank(model, candidates: ids, excluding: signals.known, limit: top).map(\.id)
    }
}
