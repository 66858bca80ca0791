import Foundation
import HTTPTypes
import Hummingbird
import PaperboyStore

/// Finds who is asking: a bearer token (`Authorization: Bearer …`, for the API) or the
/// session cookie. An unknown or revoked token is refused with 401 rather than treated as
/// anonymous, so a client learns at once that its token is dead.
struct IdentityMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: any AccountStore
    let discussion: any DiscussionStore

    static let sessionCookie = "pb_session"

    /// Paths that never show who is asking: static files (a page loads several), health checks
    /// and metrics skip the store lookup.
    static func needsViewer(_ path: String) -> Bool {
        !(path.hasPrefix("/static/") || path == "/healthz" || path == "/metrics")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.needsViewer(request.uri.path) else { return try await next(request, context) }
        var context = context
        if let authorization = request.headers[.authorization] {
            guard authorization.count <= 512, authorization.lowercased().hasPrefix("bearer "),
                  let user = try await accounts.user(apiTokenHash: Secrets.hash(String(authorization.dropFirst(7)).trimmingCharacters(in: .whitespaces)), now: Date()),
                  user.bannedAt == nil
            else {
                throw WebError(.unauthorized, "the API token is invalid or revoked (send 'Authorization: Bearer TOKEN')",
                               headers: [.wwwAuthenticate: "Bearer"])
            }
            context.viewer = Viewer(user: user, session: nil)
        } else if let secret = request.cookies[Self.sessionCookie]?.value, secret.count <= 128,
                  let found = try await accounts.session(secretHash: Secrets.hash(secret), now: Date()), found.user.bannedAt == nil {
            // Pages show the count in the header; other requests do not need it.
            let unread = request.method == .get ? try await discussion.unreadNoticeCount(userID: found.user.id) : 0
            context.viewer = Viewer(user: found.user, session: found.session, unreadNotices: unread)
        }
        return try await next(request, context)
    }
}

/// Every write (`Routes` mounts this on the POST and DELETE routes only) must prove it comes from
/// one of our pages when the browser sends credentials by itself: a form carries a `csrf`
/// field, a script an `X-CSRF-Token` header, equal to the session's token, or for a visitor not
/// yet signed in (sign-in, sign-up, reset forms) to the `pb_csrf` cookie set with the form.
/// Requests with a bearer token carry no ambient credentials and need no CSRF token.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBodyBytes: Int

    static let anonymousCookie = "pb_csrf"
    static let field = "csrf"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var context = context
        if context.viewer != nil, context.viewer?.session == nil { return try await next(request, context) }
        let isForm = request.headers[.contentType]?.lowercased().hasPrefix("application/x-www-form-urlencoded") ?? false
        let isAPI = request.uri.path.hasPrefix("/api/")
        if isForm {
            context.form = try FormData(try await request.collectBody(upTo: maxBodyBytes))
        } else if !isAPI {
            throw WebError(.unsupportedMediaType, "send forms as application/x-www-form-urlencoded")
        }
        // An API call without credentials is the handler's to refuse (401), not a forgery.
        if context.viewer == nil, isAPI { return try await next(request, context) }
        let expected = context.viewer?.csrfToken ?? request.cookies[Self.anonymousCookie]?.value
        let given = request.headers[.xCSRFToken] ?? context.form[Self.field]
        guard let expected, let given, Secrets.equal(expected, given) else {
            throw WebError(.forbidden, "this form's security token is missing or out of date; go back, reload the page and try again")
        }
        return try await next(request, context)
    }
}

extension HTTPField.Name {
    static let xCSRFToken = Self("X-CSRF-Token")!
}
