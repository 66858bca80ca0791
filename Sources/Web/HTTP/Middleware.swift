import Foundation
import HTTPTypes
import Hummingbird

/// Refuses what no route accepts before routing: oversized bodies (413), over-long URIs (414)
/// and methods no route uses (405, with `Allow`).
struct RequestGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodyBytes: Int
    let maxURILength = 8192

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBodyBytes {
            throw WebError(.contentTooLarge, "request body of \(length) bytes is larger than the \(maxBodyBytes) bytes allowed")
        }
        if request.uri.description.utf8.count > maxURILength {
            throw WebError(.uriTooLong, "the URL is longer than \(maxURILength) bytes")
        }
        // On a known path the router answers the methods in `Routes` (with its own `Allow`).
        guard [.get, .head, .post, .delete].contains(request.method) || Routes.otherMethods.contains(request.method) else {
            throw WebError(.methodNotAllowed, "method \(request.method) is not allowed here; use GET, HEAD, POST or DELETE",
                           headers: [.allow: "GET, HEAD, POST, DELETE"])
        }
        return try await next(request, context)
    }
}

/// Headers every response carries. The CSP allows scripts from this origin only (no inline
/// script anywhere); inline styles stay allowed because KaTeX positions glyphs with them.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = SecurityPolicy.contentSecurityPolicy
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[.referrerPolicy] = "strict-origin-when-cross-origin"
        response.headers[.xFrameOptions] = "DENY"
        return response
    }
}

/// Counts every answered request in `WebMetrics`, by the route pattern that matched
/// (`/papers/{id}`, not the concrete path, so the label set stays small).
struct MetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: WebMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        var status = 500
        defer {
            metrics.recordRequest(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: status,
                                  duration: ContinuousClock.now - start)
        }
        do {
            let response = try await next(request, context)
            status = response.status.code
            return response
        } catch let error as HTTPResponseError {
            status = error.status.code
            throw error
        }
    }
}

extension HTTPField.Name {
    static let xContentTypeOptions = Self("X-Content-Type-Options")!
    static let contentSecurityPolicy = Self("Content-Security-Policy")!
    static let referrerPolicy = Self("Referrer-Policy")!
    static let xFrameOptions = Self("X-Frame-Options")!
    static let xForwardedFor = Self("X-Forwarded-For")!
}

enum SecurityPolicy {
    static let contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
        + "form-action 'self'; frame-ancestors 'none'"
}
