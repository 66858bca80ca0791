import Foundation
import Hummingbird
import Logging
import PaperboyCore
import PaperboyStore

/// The web application for `paperboy serve`: routes, middleware and server configuration.
public func buildApplication(_ config: WebConfig, store: any PaperStore, semantic: (any SemanticSearch)? = nil,
                             jobs: BackgroundJobs = BackgroundJobs(),
                             logger: Logger = Logger(label: "paperboy.web")) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(config, store: store, semantic: semantic, jobs: jobs)
    return Application(
        router: router,
        server: .http1(configuration: config.serverConfiguration()),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Paperboy"),
        logger: logger)
}

/// The router alone, for tests (`app.test(.router)`) and for embedding.
public func buildRouter(_ config: WebConfig, store: any PaperStore, semantic: (any SemanticSearch)? = nil,
                        jobs: BackgroundJobs = BackgroundJobs(), metrics: WebMetrics = WebMetrics(), logLevel: Logger.Level = .info) async throws -> Router<BasicRequestContext> {
    let resources = try ResourceLocation.folder()
    let templates = try await Templates(directory: resources.appendingPathComponent("templates"))
    let app = WebApp(config: config, store: store, semantic: semantic, jobs: jobs, templates: templates,
                     cache: ResponseCache(ttl: config.cacheTTL, versionInterval: config.versionCheckInterval) { try await store.version() }, metrics: metrics,
                     assets: try StaticAssets(directory: resources.appendingPathComponent("static")))
    let openAPI = try OpenAPIDocument.load(resources, publicURL: config.publicURL)

    let router = Router()
    // Outermost first: metrics see final statuses, errors become pages before headers are added.
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: LogRequestsMiddleware(logLevel))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(templates: templates, publicURL: config.publicURL))
    router.add(middleware: RequestGuardMiddleware(maxBodyBytes: config.maxBodyBytes))

    func get(_ path: RouterPath, _ handler: @escaping @Sendable (Request, BasicRequestContext) async throws -> Response) {
        router.get(path, use: handler)
        router.head(path, use: handler)
    }

    get("/") { r, _ in try await app.listingPage(r, kind: nil, raw: nil) }
    get("/papers/date/:day") { r, c in try await app.listingPage(r, kind: .day, raw: c.parameters.get("day")) }
    get("/papers/week/:week") { r, c in try await app.listingPage(r, kind: .week, raw: c.parameters.get("week")) }
    get("/papers/month/:month") { r, c in try await app.listingPage(r, kind: .month, raw: c.parameters.get("month")) }
    get("/papers/:id") { r, c in try await app.paperPage(r, rawID: try c.parameters.require("id")) }
    // Old-style ids have a slash: /papers/hep-th/9901001.
    get("/papers/:id/:number") { r, c in
        try await app.paperPage(r, rawID: try c.parameters.require("id") + "/" + c.parameters.require("number"))
    }
    get("/search") { r, _ in try await app.searchPage(r) }
    for format in FeedFormat.allCases {
        get(RouterPath("/search.\(format.rawValue)")) { r, _ in try await app.searchFeed(r, format: format) }
    }
    get("/feeds/:file") { r, c in try await app.dailyFeed(r, file: try c.parameters.require("file")) }

    get("/api/daily_papers") { r, _ in try await app.apiDailyPapers(r) }
    get("/api/papers/search") { r, _ in try await app.apiSearch(r) }
    get("/api/papers/:id") { r, c in try await app.apiPaper(r, rawID: try c.parameters.require("id")) }
    get("/api/papers/:id/similar") { r, c in try await app.apiSimilar(r, rawID: try c.parameters.require("id")) }
    get("/api/papers/:id/:number/similar") { r, c in
        try await app.apiSimilar(r, rawID: try c.parameters.require("id") + "/" + c.parameters.require("number"))
    }
    get("/api/papers/:id/:number") { r, c in
        try await app.apiPaper(r, rawID: try c.parameters.require("id") + "/" + c.parameters.require("number"))
    }

    get("/openapi.json") { r, _ in openAPI.response(for: r) }
    get("/healthz") { r, _ in try await app.healthz(r) }
    get("/metrics") { r, _ in await app.metricsText(r) }
    get("/static/**") { r, _ in try app.staticFile(r) }
    return router
}
