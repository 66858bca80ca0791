import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// `/api/daily_papers`, `/api/papers/{id}`, `/api/papers/{id}/similar`, `/api/papers/search`.
extension WebApp {
    static let maxAPILimit = 100

    func json(_ value: some Encodable) -> Reply {
        Reply(contentType: "application/json; charset=utf-8", body: JSONBody.encode(value))
    }

    /// The range a request names with `date`, `week` or `month` (at most one), else nil.
    func requestedRange(_ params: QueryParams) throws -> DayRange? {
        let given = [("date", DayRange.Kind.day), ("week", .week), ("month", .month)].compactMap { name, kind in
            params.string(name).map { (name, kind, $0) }
        }
        guard given.count <= 1 else {
            throw WebError.badRequest("give at most one of date, week and month (got \(given.map(\.0).joined(separator: " and ")))")
        }
        return try given.first.map { try RangeParser.parse($0.1, $0.2) }
    }

    func apiDailyPapers(_ request: Request) async throws -> Response {
        let params = try QueryParams(request)
        let asked = try requestedRange(params)
        let filter = try params.filter()
        let page = try params.int("p", default: 0, in: 0...10_000)
        let limit = try params.int("limit", default: 50, in: 1...Self.maxAPILimit)
        let sort = try params.choice("sort", default: APIDailySort.publishedAt)
        return try await cached(request) {
            let latest = asked == nil ? try await latestRange(filter) : nil
            guard let range = asked ?? latest else { return json([APIDailyItem]()) }
            let listing = try await store.listing(ListingRequest(range: range, filter: filter, sort: sort.feedSort,
                                                                 offset: page * limit, limit: limit))
            return json(listing.papers.map {
                APIDailyItem($0.paper, votes: $0.votes, trendingScore: $0.trendingScore, publicURL: config.publicURL)
            })
        }
    }

    func apiPaper(_ request: Request, rawID: String) async throws -> Response {
        try await cached(request) {
            json(APIPaper(try await lookUp(try PathSegment.decode(rawID)), publicURL: config.publicURL))
        }
    }

    /// Papers nearest in meaning, best first, with their cosine similarity as `score`.
    func apiSimilar(_ request: Request, rawID: String) async throws -> Response {
        let params = try QueryParams(request)
        let limit = try params.int("limit", default: 10, in: 1...Self.maxAPILimit)
        let filter = try params.filter()
        return try await cached(request) {
            let paper = try await lookUp(try PathSegment.decode(rawID))
            // A missing feature, not a failure: 404 like any resource this server does not have.
            guard let semantic else {
                throw WebError.notFound("similar papers need an embedding model, and this server runs without one (see /healthz searchModes)")
            }
            let hits = try await semantic.similar(to: paper.id, limit: limit, filter: filter) ?? []
            return json(hits.map { APIDailyItem($0.paper, score: $0.score, publicURL: config.publicURL) })
        }
    }

    func apiSearch(_ request: Request) async throws -> Response {
        let params = try QueryParams(request)
        let p = try searchParams(params)
        guard !p.query.isEmpty else { throw WebError.badRequest("parameter 'q' is required") }
        let limit = try params.int("limit", default: 20, in: 1...Self.maxAPILimit)
        let offset = try params.int("offset", default: 0, in: 0...10_000)
        return try await cached(request) {
            let results = try await runSearch(p, offset: offset, limit: limit, countsTotal: false)
            return json(results.hits.map { APIDailyItem($0.paper, score: $0.score, publicURL: config.publicURL) })
        }
    }
}

/// `sort=` of `/api/daily_papers`, in Hugging Face's words.
enum APIDailySort: String, CaseIterable {
    case publishedAt, trending
    var feedSort: FeedSort { self == .trending ? .trending : .newest }
}
