import Foundation
import Ingest
import PaperboyCore
import PaperboyStore

/// Looks papers up by id through the export API (`id_list`), in batches.
public struct APIFetcher: Sendable {
    public let client: ArxivClient
    public let store: any PaperStore
    public let baseURL: URL
    /// Ids per request; the API pages at `max_results`, which we set to the batch size.
    public var batchSize = 50

    public init(client: ArxivClient, store: any PaperStore, baseURL: URL) {
        self.client = client; self.store = store; self.baseURL = baseURL
    }

    public struct Result: Sendable {
        public var report = HarvestReport()
        /// Ids arXiv returned nothing for.
        public var missing: [String] = []
    }

    /// Fetches and stores `ids`. Versions are kept in the request (the API then returns that
    /// version); papers are matched back by base id.
    public func fetch(_ ids: [ArxivID]) async throws -> Result {
        var result = Result()
        var seen = Set<String>()
        let unique = ids.filter { seen.insert($0.description).inserted }
        for start in stride(from: 0, to: unique.count, by: batchSize) {
            let batch = Array(unique[start..<min(start + batchSize, unique.count)])
            let url = baseURL.with(query: [("id_list", batch.map(\.description).joined(separator: ",")),
                                           ("start", "0"), ("max_results", String(batch.count))])
            let answer = try await client.get(url) { data -> Swift.Result<AtomPage, ArxivAPIError> in
                do { return .success(try ArxivAtomParser.parse(data)) } catch let e as ArxivAPIError { return .failure(e) }
            }
            let page: AtomPage
            switch answer {
            case .success(let p): page = p
            case .failure(let e): throw HarvestError(source: "api", "\(e) (GET \(url.absoluteString))")
            }
            result.report.papers = result.report.papers + (try await store.upsert(page.papers))
            result.report.pages += 1
            let found = Set(page.papers.map(\.id))
            result.missing += batch.filter { !found.contains($0.base) }.map(\.description)
        }
        return result
    }
}
