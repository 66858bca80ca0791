import Foundation
import Ingest
import PaperboyCore
import PaperboyStore

/// Reads rss.arxiv.org's daily listing for some categories (`cs.AI+cs.CL`): today's new
/// papers, cross-lists and replacements, stored with the listing day as the checkpoint.
public struct RSSHarvester: Sendable {
    public let client: ArxivClient
    public let store: any PaperStore
    public let baseURL: URL

    public init(client: ArxivClient, store: any PaperStore, baseURL: URL) {
        self.client = client; self.store = store; self.baseURL = baseURL
    }

    public static func source(categories: [String]) -> String { "rss:" + categories.joined(separator: "+") }

    @discardableResult
    public func harvest(categories: [String]) async throws -> HarvestReport {
        let source = Self.source(categories: categories)
        guard !categories.isEmpty, categories.allSatisfy(CategoryFilter.isValidPattern) else {
            throw HarvestError(source: source, "expected categories like cs.AI+cs.CL, got \"\(categories.joined(separator: "+"))\"")
        }
        let url = baseURL.appendingPathComponent(categories.joined(separator: "+"))
        let answer = try await client.get(url) { data -> Result<RSSListing, ArxivFeedError> in
            do { return .success(try ArxivRSSParser.parse(data)) } catch let e as ArxivFeedError { return .failure(e) }
        }
        let listing: RSSListing
        switch answer {
        case .success(let l): listing = l
        case .failure(let e): throw HarvestError(source: source, e.description)
        }
        var report = HarvestReport()
        let checkpoint = Checkpoint(source: source, datestamp: listing.day?.description, updatedAt: client.clock.now())
        report.papers = try await store.upsert(listing.papers, checkpoint: checkpoint)
        report.pages = 1
        return report
    }
}
