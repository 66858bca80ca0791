import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// `/feeds/daily.{rss,atom,json}` and `/search.{rss,atom,json}`.
struct FeedsController: Controller {
    let app: WebApp
    static let feedItems = 200

    func addRoutes(to routes: Routes) {
        for format in FeedFormat.allCases {
            routes.add(RouterPath("/search.\(format.rawValue)"), get: { r, _ in try await searchFeed(r, format: format) })
        }
        routes.add("/feeds/:file", get: { r, c in try await dailyFeed(r, file: try c.parameters.require("file")) })
    }

    func format(of file: String, stem: String) throws -> FeedFormat {
        guard file.hasPrefix(stem + "."), let f = FeedFormat(rawValue: String(file.dropFirst(stem.count + 1))) else {
            throw WebError.notFound("no feed \(file.prefix(60)); try \(stem).rss, \(stem).atom or \(stem).json")
        }
        return f
    }

    func dailyFeed(_ request: Request, file: String) async throws -> Response {
        let format = try format(of: file, stem: "daily")
        let params = try QueryParams(request)
        let filter = try params.filter()
        let asked = try requestedRange(params)
        let selfURL = absolute(request.uri.description)
        return try await cached(request) {
            let latest = asked == nil ? try await latestRange(filter) : nil
            let range = asked ?? latest
            var papers: [Paper] = []
            if let range {
                papers = try await store.listing(ListingRequest(range: range, filter: filter, sort: .newest, limit: Self.feedItems)).papers.map(\.paper)
            }
            let scope = filter.isEmpty ? "" : " (\(describe(filter)))"
            let home = range.map { link(RangeParser.path($0), filter.queryItems) } ?? "/"
            let doc = FeedDocument(
                title: "Paperboy daily papers\(scope)",
                description: range.map { "arXiv papers announced \(heading($0))\(scope)" } ?? "arXiv papers",
                homeURL: absolute(home), selfURL: selfURL,
                updated: papers.map { FeedDocument.item($0, publicURL: "").updated }.max() ?? range?.last.date ?? Date(),
                items: papers.map { FeedDocument.item($0, publicURL: config.publicURL) })
            return Reply(contentType: format.contentType, body: format.render(doc))
        }
    }

    func searchFeed(_ request: Request, format: FeedFormat) async throws -> Response {
        let params = try QueryParams(request)
        var p = try searchParams(params)
        guard !p.query.isEmpty else { throw WebError.badRequest("parameter 'q' is required") }
        // Feed readers want what is new: newest first unless the URL says otherwise.
        if params.string("sort") == nil { p.sort = .newest }
        let selfURL = absolute(request.uri.description)
        return try await cached(request) { [p] in
            let hits = try await runSearch(p, offset: 0, limit: 50, countsTotal: false).hits.map(\.paper)
            let doc = FeedDocument(
                title: "Paperboy search: \(p.query)", description: "arXiv papers matching \(p.query)",
                homeURL: absolute(link("/search", [("q", p.query)] + p.filter.queryItems)), selfURL: selfURL,
                // No hits: the feed was last built now (1970 made readers think it stale).
                updated: hits.map { FeedDocument.item($0, publicURL: "").updated }.max() ?? Date(),
                items: hits.map { FeedDocument.item($0, publicURL: config.publicURL) })
            return Reply(contentType: format.contentType, body: format.render(doc))
        }
    }
}
