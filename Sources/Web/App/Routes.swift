import HTTPTypes
import Hummingbird

/// Where controllers register their routes, each path once with every method it answers.
/// Reads go straight on the router; writes (POST, DELETE) go through the CSRF check. Every other
/// method on a known path gets 405 with `Allow`, before any check, so a client learns what the
/// path takes.
struct Routes {
    typealias Handler = @Sendable (Request, AppRequestContext) async throws -> Response
    let router: Router<AppRequestContext>
    /// The group writes are added to: its middleware checks the CSRF token.
    let writes: RouterGroup<AppRequestContext>

    static let otherMethods: [HTTPRequest.Method] = [.put, .patch, .options]

    init(_ router: Router<AppRequestContext>, csrf: CSRFMiddleware) {
        self.router = router
        writes = router.group().add(middleware: csrf)
    }

    /// GET also answers HEAD (the reply drops the body). `oneClickPost` is a POST without the
    /// CSRF check, for a URL that carries its own secret and must work without cookies
    /// (RFC 8058 one-click unsubscribe).
    func add(_ path: RouterPath, get: Handler? = nil, post: Handler? = nil, delete: Handler? = nil, oneClickPost: Handler? = nil) {
        var allowed: [HTTPRequest.Method] = []
        if let get {
            router.get(path, use: get)
            router.head(path, use: get)
            allowed += [.get, .head]
        }
        if let post { writes.post(path, use: post); allowed.append(.post) }
        if let oneClickPost { router.post(path, use: oneClickPost); allowed.append(.post) }
        if let delete { writes.delete(path, use: delete); allowed.append(.delete) }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        let refuse: Handler = { request, _ in
            throw WebError(.methodNotAllowed, "\(request.method) is not allowed here; use \(allow)", headers: [.allow: allow])
        }
        for method in [HTTPRequest.Method.get, .head, .post, .delete] + Self.otherMethods where !allowed.contains(method) {
            router.on(path, method: method, use: refuse)
        }
    }
}
