import PaperboyCore
import PaperboyStore

/// What a page's cards show beyond the papers themselves: their links (with corrections),
/// this hub's votes and comment counts, and which of them the viewer upvoted. Fetched in three
/// queries for a whole page.
struct CardExtras {
    var links: [String: CodeLinks] = [:]
    var activity: [String: PaperActivity] = [:]
    var upvoted: Set<String> = []

    /// `votes` when the caller has the total already (a listing ranks by it).
    func card(_ paper: Paper, votes: Int? = nil, highlighter: Highlighter? = nil) -> PaperCardView {
        let activity = activity[paper.id]
        return CardBuilder.card(paper, links: links[paper.id], votes: votes ?? (paper.hub?.upvotes ?? 0) + (activity?.localVotes ?? 0),
                                comments: activity?.comments ?? 0, upvoted: upvoted.contains(paper.id), highlighter: highlighter)
    }
}

extension Controller {
    func cardExtras(_ ids: [String], viewer: Viewer?) async throws -> CardExtras {
        guard !ids.isEmpty else { return CardExtras() }
        return CardExtras(links: try await store.links(paperIDs: ids), activity: try await community.activity(paperIDs: ids),
                          upvoted: try await upvotedIDs(viewer, ids))
    }

    /// Which of `ids` the viewer upvoted (none for an anonymous visitor, so the anonymous page
    /// stays the same for everyone and cacheable).
    func upvotedIDs(_ viewer: Viewer?, _ ids: [String]) async throws -> Set<String> {
        guard let viewer, !ids.isEmpty else { return [] }
        return try await community.upvoted(userID: viewer.user.id, among: ids)
    }
}
