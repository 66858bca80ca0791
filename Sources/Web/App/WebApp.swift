import Foundation
import Hummingbird
import PaperboyCore
import PaperboyStore
import Search

/// Everything a route handler needs, built once by `buildRouter`.
struct WebApp: Sendable {
    let config: WebConfig
    let store: any PaperStore
    let semantic: (any SemanticSearch)?
    let jobs: BackgroundJobs
    let templates: Templates
    let cache: ResponseCache
    let metrics: WebMetrics
    let assets: StaticAssets

    /// Serves `build`'s reply through the cache, keyed by path and query string.
    func cached(_ request: Request, build: @escaping @Sendable () async throws -> Reply) async throws -> Response {
        let key = request.uri.path + "?" + (request.uri.query ?? "")
        return try await cache.reply(for: key, build: build).response(for: request)
    }

    func html(_ view: Any, _ template: String) -> Reply {
        Reply(contentType: "text/html; charset=utf-8", body: templates.render(view, template))
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
