import Foundation
import Mustache
import Hummingbird
import PaperboyCore
import PaperboyStore
import Search

/// What the controllers share, built once by `buildRouter`: settings, stores, search,
/// templates, the response cache and the account rules.
struct WebApp: Sendable {
    let config: WebConfig
    let store: any PaperStore
    let community: any CommunityStore
    /// Fetches submitted papers the hub does not have; without it only known papers can be submitted.
    let arxiv: (any PaperFetching)?
    let semantic: (any SemanticSearch)?
    let jobs: BackgroundJobs
    let templates: Templates
    let cache: ResponseCache<CacheVersion>
    let metrics: WebMetrics
    let assets: StaticAssets
    let accounts: AccountService
    let throttles: Throttles
    let notifier: Notifier
    let digests: DigestPages
}

/// What the shared cache's entries are checked against: any change to a paper or to a
/// discussion (comments are on paper pages) makes them stale; votes do not (counts on shared
/// pages may lag by the cache's lifetime).
struct CacheVersion: Hashable, Sendable {
    var papers: StoreVersion
    var discussion: Int64
}

/// A controller owns the routes of one area (`addRoutes`) and their handlers; this protocol
/// gives each the shared services and the helpers every area renders with.
protocol Controller: Sendable {
    var app: WebApp { get }
    func addRoutes(to routes: Routes)
}

extension Controller {
    var config: WebConfig { app.config }
    var store: any PaperStore { app.store }
    var community: any CommunityStore { app.community }
    var semantic: (any SemanticSearch)? { app.semantic }
    var jobs: BackgroundJobs { app.jobs }

    /// Serves `build`'s reply through the shared cache, keyed by path and query string. For
    /// what is the same for everyone: the API and feeds.
    func cached(_ request: Request, build: @escaping @Sendable () async throws -> Reply) async throws -> Response {
        let key = request.uri.path + "?" + (request.uri.query ?? "")
        return try await app.cache.reply(for: key, build: build).response(for: request)
    }

    /// A page: from the shared cache for anonymous visitors; built afresh, never cached and
    /// marked private for a signed-in person (it shows their name and their votes).
    func page(_ request: Request, _ context: AppRequestContext,
              build: @escaping @Sendable (Viewer?) async throws -> Reply) async throws -> Response {
        guard let viewer = context.viewer else { return try await cached(request) { try await build(nil) } }
        var reply = try await build(viewer)
        reply.cacheControl = CachePolicy.privatePage
        return reply.response(for: request)
    }

    func html(_ view: Any, _ template: String, _ viewer: Viewer?) -> Reply {
        Reply(contentType: "text/html; charset=utf-8", body: app.templates.render(PageContext(view: view, viewer: viewer.map(ViewerView.init)), template))
    }

    func json(_ value: some Encodable) -> Reply {
        Reply(contentType: "application/json; charset=utf-8", body: JSONBody.encode(value))
    }

    /// Hybrid when search by meaning is configured (it falls back to keyword by itself while no
    /// vectors exist), else keyword.
    var defaultMode: SearchMode { semantic == nil ? .keyword : .hybrid }

    func absolute(_ path: String) -> String { config.publicURL + path }

    /// The latest day with papers for this filter, or nil on an empty store.
    func latestRange(_ filter: CategoryFilter) async throws -> DayRange? {
        try await store.latestDay(filter: filter).map(DayRange.day)
    }
}

/// Parses the `{day}`, `{week}` and `{month}` path segments.
enum RangeParser {
    static func parse(_ kind: DayRange.Kind, _ raw: String) throws -> DayRange {
        switch kind {
        case .day:
            guard let d = Day(raw) else { throw WebError.badRequest("'\(raw.prefix(40))' is not a date: expected YYYY-MM-DD, e.g. 2025-03-14") }
            return .day(d)
        case .week:
            guard let w = DayRange.week(raw) else { throw WebError.badRequest("'\(raw.prefix(40))' is not an ISO week: expected YYYY-Www, e.g. 2025-W11") }
            return w
        case .month:
            guard let m = DayRange.month(raw) else { throw WebError.badRequest("'\(raw.prefix(40))' is not a month: expected YYYY-MM, e.g. 2025-03") }
            return m
        }
    }

    static func path(_ range: DayRange) -> String {
        switch range.kind {
        case .day: return "/papers/date/\(range)"
        case .week: return "/papers/week/\(range)"
        case .month: return "/papers/month/\(range)"
        }
    }

    /// The range of the same kind that contains `day` (for previous/next links).
    static func range(_ kind: DayRange.Kind, containing day: Day) -> DayRange {
        switch kind {
        case .day: return .day(day)
        case .week: return .week(containing: day)
        case .month: return .month(containing: day)
        }
    }
}
