import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore

/// `/api/daily_papers`, `/api/papers/{id}`, `/api/papers/{id}/similar`, `/api/papers/search`.
struct APIController: Controller {
    let app: WebApp
    static let maxAPILimit = 100

    func addRoutes(to routes: Routes) {
        routes.add("/api/daily_papers", get: { r, _ in try await apiDailyPapers(r) })
        routes.add("/api/papers/search", get: { r, _ in try await apiSearch(r) })
        routes.add("/api/papers/:id", get: { r, c in try await apiPaper(r, rawID: try c.parameters.require("id")) })
        routes.add("/api/papers/:id/similar", get: { r, c in try await apiSimilar(r, rawID: try c.parameters.require("id")) })
        routes.add("/api/papers/:id/:number/similar", get: { r, c in
            try await apiSimilar(r, rawID: try oldStyleID(c))
        })
        routes.add("/api/papers/:id/:number", get: { r, c in
            try await apiPaper(r, rawID: try oldStyleID(c))
        })
        routes.add("/api/whoami", get: { r, c in try whoami(r, c) })
    }

    /// What an API write (or `whoami`) answers a request that is not signed in.
    static let unauthorized = WebError(.unauthorized, "sign in or send 'Authorization: Bearer TOKEN' (tokens are made on /settings)",
                                       headers: [.wwwAuthenticate: "Bearer"])

    /// Who the bearer token (or session) belongs to; 401 for an anonymous request.
    func whoami(_ request: Request, _ context: AppRequestContext) throws -> Response {
        guard let viewer = context.viewer else { throw Self.unauthorized }
        struct WhoAmI: Encodable { struct U: Encodable { var name: String; var role: String }; var user: U }
        var reply = json(WhoAmI(user: .init(name: viewer.user.username, role: viewer.user.role.rawValue)))
        reply.cacheControl = CachePolicy.none
        return reply.response(for: request)
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
            let ids = listing.papers.map(\.paper.id)
            let activity = try await community.activity(paperIDs: ids)
            let links = try await store.links(paperIDs: ids)
            return json(listing.papers.map {
                APIDailyItem($0.paper, links: links[$0.paper.id], votes: $0.votes, activity: activity[$0.paper.id],
                             trendingScore: $0.trendingScore, publicURL: config.publicURL)
            })
        }
    }

    func apiPaper(_ request: Request, rawID: String) async throws -> Response {
        try await cached(request) {
            let paper = try await lookUp(try PathSegment.decode(rawID))
            return json(APIPaper(paper, links: try await store.links(paperIDs: [paper.id])[paper.id],
                                 activity: try await community.activity(paperIDs: [paper.id])[paper.id], publicURL: config.publicURL))
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
            return json(try await items(semantic.similar(to: paper.id, limit: limit, filter: filter) ?? []))
        }
    }

    func apiSearch(_ request: Request) async throws -> Response {
        let params = try QueryParams(request)
        let p = try searchParams(params)
        guard !p.query.isEmpty else { throw WebError.badRequest("parameter 'q' is required") }
        let limit = try params.int("limit", default: 20, in: 1...Self.maxAPILimit)
        let offset = try params.int("offset", default: 0, in: 0...10_000)
        return try await cached(request) {
            return json(try await items(runSearch(p, offset: offset, limit: limit, countsTotal: false).hits))
        }
    }

    /// Search and similarity hits as the API lists them, each with its score and links.
    private func items(_ hits: [SearchHit]) async throws -> [APIDailyItem] {
        let links = try await store.links(paperIDs: hits.map(\.paper.id))
        return hits.map { APIDailyItem($0.paper, links: links[$0.paper.id], score: $0.score, publicURL: config.publicURL) }
    }
}

extension Controller {
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
}

/// `sort=` of `/api/daily_papers`, in Hugging Face's words.
enum APIDailySort: String, CaseIterable {
    case publishedAt, trending
    var feedSort: FeedSort { self == .trending ? .trending : .newest }
}
