import Foundation
import Hummingbird
import Harvest
import Logging
import PaperboyStore
import Search

/// `/healthz`, `/metrics`, `/openapi.json`, `/static/…`.
struct SystemController: Controller {
    let app: WebApp
    let openAPI: Reply

    func addRoutes(to routes: Routes) {
        routes.add("/openapi.json", get: { r, _ in openAPI.response(for: r) })
        routes.add("/healthz", get: { r, _ in try await healthz(r) })
        routes.add("/metrics", get: { r, _ in await metricsText(r) })
        routes.add("/static/**", get: { r, _ in try staticFile(r) })
    }

    struct Health: Encodable {
        var status: String
        var papers: Int?
        var db: String
        /// The modes `/search?mode=` accepts here, and the one it uses without `mode`.
        var searchModes: [SearchMode]
        var defaultSearchMode: SearchMode
        /// Background embedding (absent without a model) and harvesting (absent unless enabled).
        var embedding: EmbeddingJob.Progress?
        var harvest: HarvestStatus?
    }

    func healthz(_ request: Request) async throws -> Response {
        var health = Health(status: "ok", papers: nil, db: "ok",
                            searchModes: semantic == nil ? [.keyword] : SearchMode.allCases, defaultSearchMode: defaultMode,
                            embedding: await jobs.embeddingProgress(), harvest: jobs.harvest?.status())
        var status = HTTPResponse.Status.ok
        do {
            try await store.checkHealth()
            health.papers = try await store.paperCount()
        } catch {
            // The reason only: SQLite's message and SQL text go to the log, not to any caller.
            let reason = (error as? StoreHealthError)?.reason ?? "the database cannot be read"
            Logger(label: "paperboy.web").error("healthz: \(reason)", metadata: ["error": "\(error)"])
            health.status = "error"
            health.db = "error: \(reason)"
            status = .serviceUnavailable
        }
        var reply = json(health)
        reply.cacheControl = CachePolicy.none
        return reply.response(for: request, status: status)
    }

    func metricsText(_ request: Request) async -> Response {
        app.metrics.observe(embedding: await jobs.embeddingProgress())
        app.metrics.observe(harvest: jobs.harvest?.status())
        do {
            app.metrics.observe(outbox: try await app.accounts.outbox.outboxCounts())
            app.metrics.observe(subscriptions: try await app.digests.store.subscriptionCounts())
        } catch {
            // The other series are still worth a scrape; the mail gauges keep their last values.
            Logger(label: "paperboy.web").error("metrics: cannot count the outbox or subscriptions", metadata: ["error": "\(error)"])
        }
        let reply = Reply(contentType: "text/plain; version=0.0.4; charset=utf-8", bytes: app.metrics.exposition(),
                          cacheControl: CachePolicy.none, lastModified: Date())
        return reply.response(for: request)
    }

    func staticFile(_ request: Request) throws -> Response {
        let path = String(request.uri.path.dropFirst("/static".count))
        guard let reply = app.assets.reply(path) else { throw WebError.notFound("no static file \(path.prefix(100))") }
        return reply.response(for: request)
    }
}

/// The hand-written OpenAPI description in Resources/openapi.json, served as it is.
enum OpenAPIDocument {
    static func load(_ resources: URL, publicURL: String) throws -> Reply {
        let url = resources.appendingPathComponent("openapi.json")
        guard var text = try? String(contentsOf: url, encoding: .utf8) else {
            throw WebStartupError("cannot read \(url.path)")
        }
        text = text.replacingOccurrences(of: "{{publicURL}}", with: publicURL)
        return Reply(contentType: "application/json; charset=utf-8", body: text).compressed()
    }
}
