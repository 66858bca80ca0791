import Hummingbird

/// Behind a reverse proxy every request comes from the proxy's address, so per-client limits
/// would lump all clients together. From a trusted proxy, the client is the address the
/// proxy appended last to `X-Forwarded-For` (earlier entries come from the client and prove
/// nothing).
struct ProxyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let trusted: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let peer = context.remoteIP, trusted.contains(peer),
              let header = request.headers[values: .xForwardedFor].last,
              let client = header.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !client.isEmpty, client.count <= 64
        else { return try await next(request, context) }
        var context = context
        context.forwardedIP = client
        return try await next(request, context)
    }
}
