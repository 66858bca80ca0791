import Harvest
import PaperboyCore

/// Fetches a paper the hub does not have from arXiv and stores it, for submissions. In
/// `serve` this is the harvester's export-API client, with its rate limit and retries.
public protocol PaperFetching: Sendable {
    /// False when arXiv has no such paper.
    func fetchAndStore(_ id: ArxivID) async throws -> Bool
}

extension APIFetcher: PaperFetching {
    public func fetchAndStore(_ id: ArxivID) async throws -> Bool {
        try await fetch([id]).missing.isEmpty
    }
}
