import Foundation
import Hummingbird
import PaperboyStore

/// `/healthz`, `/metrics`, `/openapi.json`, `/static/…`.
extension WebApp {
    struct Health: Encodable { var status: String; var papers: Int?; var db: String }

    func healthz(_ request: Request) async throws -> Response {
        var health: Health
        var status = HTTPResponse.Status.ok
        do {
            health = Health(status: "ok", papers: try await store.stats().papers, db: "ok")
        } catch {
            health = Health(status: "error", papers: nil, db: "error: \(error)")
            status = .serviceUnavailable
        }
        var reply = json(health)
        reply.cacheControl = CachePolicy.none
        return reply.response(for: request, status: status)
    }

    func metricsText(_ request: Request) -> Response {
        var reply = Reply(contentType: "text/plain; version=0.0.4; charset=utf-8", body: metrics.render())
        reply.cacheControl = CachePolicy.none
        return reply.response(for: request)
    }

    func staticFile(_ request: Request) throws -> Response {
        let path = String(request.uri.path.dropFirst("/static".count))
        guard let reply = assets.reply(path) else { throw WebError.notFound("no static file \(path.prefix(100))") }
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
        return Reply(contentType: "application/json; charset=utf-8", body: text)
    }
}
