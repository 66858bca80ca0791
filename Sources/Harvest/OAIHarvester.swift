import Foundation
import Ingest
import PaperboyCore
import PaperboyStore

/// What to list: OAI-PMH `ListRecords` arguments. Dates are `YYYY-MM-DD` (arXiv's granularity).
public struct OAIListRequest: Sendable, Equatable {
    public var from: String?
    public var until: String?
    public var set: String?
    /// `arXiv` (structured authors) or `arXivRaw` (every version with its date).
    public var prefix: String

    public init(from: String? = nil, until: String? = nil, set: String? = nil, prefix: String = "arXiv") {
        self.from = from; self.until = until; self.set = set; self.prefix = prefix
    }

    /// The checkpoint key: one harvest position per format and set.
    public var source: String { "oai:\(prefix):\(set ?? "all")" }
}

/// Harvests OAI-PMH `ListRecords`, page by page, following resumption tokens. Each page's
/// records, tombstones and the position after it are committed together, so a run killed at
/// any moment resumes exactly where its last commit left off and ends with what a clean run
/// gets (re-applying a page is harmless: upserts merge, deletions are idempotent).
///
/// The checkpoint's `datestamp` is the run's lower bound while a list is in progress (where a
/// list restarts when its token expires) and, once the list is complete, the newest datestamp
/// harvested: the next incremental run lists from there (inclusive, so the last day is read
/// again rather than risk missing records stamped later that day).
public struct OAIHarvester: Sendable {
    public let client: ArxivClient
    public let store: any PaperStore
    public let baseURL: URL
    /// How often one run may restart its list after `badResumptionToken`.
    public var maxRestarts = 3

    public init(client: ArxivClient, store: any PaperStore, baseURL: URL) {
        self.client = client; self.store = store; self.baseURL = baseURL
    }

    /// Lists `request`. With `request.from` nil it continues from the saved checkpoint: its
    /// token if a list was in progress, else its datestamp. An explicit `from` starts a new list.
    /// `onPage` sees the running totals after each committed page.
    @discardableResult
    public func harvest(_ request: OAIListRequest, onPage: @Sendable (HarvestReport) async -> Void = { _ in }) async throws -> HarvestReport {
        let source = request.source
        let saved = try await store.checkpoint(source: source)
        let from = request.from ?? saved?.datestamp
        var token = request.from == nil ? saved?.token : nil
        var newest = from
        var report = HarvestReport()
        while true {
            let url = token.map { baseURL.with(query: [("verb", "ListRecords"), ("resumptionToken", $0)]) } ?? listURL(request, from: from)
            let answer = try await client.get(url) { data -> Result<OAIPage, OAIError> in
                do { return .success(try OAIPMHParser.parse(data)) } catch let e as OAIError { return .failure(e) }
            }
            let page: OAIPage
            switch answer {
            case .success(let p):
                page = p
            case .failure(let e) where e.code == "badResumptionToken" && token != nil && report.restarts < maxRestarts:
                // Tokens expire (arXiv keeps them for a while): list again from the lower bound.
                report.restarts += 1
                token = nil
                continue
            case .failure(let e):
                throw HarvestError(source: source, "\(e) (GET \(url.absoluteString))")
            }
            if let stamp = page.latestDatestamp, stamp > (newest ?? "") { newest = stamp }
            let next = page.resumptionToken
            let checkpoint = Checkpoint(source: source, token: next, datestamp: next == nil ? newest : from, updatedAt: client.clock.now())
            // One transaction when there are no tombstones; otherwise the papers first and the
            // checkpoint with the deletions, so a kill in between re-applies the whole page.
            report.papers = report.papers + (try await store.upsert(page.records, checkpoint: page.deleted.isEmpty ? checkpoint : nil))
            if !page.deleted.isEmpty {
                try await store.delete(ids: page.deleted, checkpoint: checkpoint)
                report.deleted += page.deleted.count
            }
            report.pages += 1
            await onPage(report)
            guard let next else { return report }
            token = next
        }
    }

    func listURL(_ r: OAIListRequest, from: String?) -> URL {
        var items = [("verb", "ListRecords"), ("metadataPrefix", r.prefix)]
        if let from { items.append(("from", from)) }
        if let until = r.until { items.append(("until", until)) }
        if let set = r.set { items.append(("set", set)) }
        return baseURL.with(query: items)
    }
}
