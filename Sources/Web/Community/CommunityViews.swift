import PaperboyCore
import PaperboyStore

/// What pages and the API add to papers from the community store.
extension Controller {
    /// Which of `ids` the viewer upvoted (none for an anonymous visitor, so the anonymous page
    /// stays the same for everyone and cacheable).
    func upvotedIDs(_ viewer: Viewer?, _ ids: [String]) async throws -> Set<String> {
        guard let viewer, !ids.isEmpty else { return [] }
        return try await community.upvoted(userID: viewer.user.id, among: ids)
    }
}
