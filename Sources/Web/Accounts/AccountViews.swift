import Foundation
import Hummingbird
import PaperboyCore

// Views of the account pages. They are rendered rarely, so they are plain structs that the
// templates read by reflection (see `PageContext`).

struct AccountFormView {
    var layout: LayoutView
    var heading: String
    var intro: String? = nil
    var error: String? = nil
    var notice: String? = nil
    var showForm = true
    var action: String
    var csrf: String
    var hidden: [HiddenField] = []
    var fields: [FieldView]
    var submit: String
    var links: [LinkView] = []
}

struct FieldView {
    var label: String
    var name: String
    var type = "text"
    var value = ""
    var autocomplete = "off"
    var required = true
    var maxLength = 200
    var hint: String? = nil
}

struct SettingsView {
    var layout: LayoutView
    var username: String
    var email: String
    var emailVerified: Bool
    var role: String
    var notifyByMail: Bool
    var csrf: String
    var error: String? = nil
    var notice: String? = nil
    var newToken: NewTokenView? = nil
    var tokens: [TokenView]
    /// The account's email digests, each linking to its page.
    var digests: [LinkView]
    var hasDigests: Bool
}

struct NewTokenView { var name: String; var secret: String }
struct TokenView { var id: Int64; var name: String; var created: String; var lastUsed: String; var csrf: String }

struct ProfileView {
    var layout: LayoutView
    var username: String
    var roleLabel: String
    var since: String
    /// Public ones, and private ones too when it is the viewer's own profile.
    var collections: [CollectionSummaryView]
    var banned: Bool
    /// `/u/NAME/ban` or `/unban`, for a moderator who may do it.
    var banAction: String?
    var banLabel: String
}

/// Responses the account pages share: not cached anywhere, cookies set as the hub needs.
extension Controller {
    func accountPage(_ request: Request, _ view: Any, _ template: String, viewer: Viewer?, status: HTTPResponse.Status = .ok,
                     cookies: [Cookie] = []) -> Response {
        var reply = html(view, template, viewer)
        reply.cacheControl = CachePolicy.none
        var response = reply.response(for: request, status: status)
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    func layout(_ title: String, path: String) -> LayoutView {
        var layout = LayoutView(title: title, description: title, canonical: absolute(path))
        layout.feeds = []
        return layout
    }

    /// 303 See Other: after a POST, the browser GETs the next page (no resubmission on reload).
    func redirect(_ location: String, cookies: [Cookie] = []) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location, .cacheControl: CachePolicy.none])
        for cookie in cookies { response.setCookie(cookie) }
        return response
    }

    func sessionCookie(_ secret: String) -> Cookie {
        Cookie(name: IdentityMiddleware.sessionCookie, value: secret, maxAge: Int(AccountService.sessionLifetime), path: "/",
               secure: config.secureCookies, httpOnly: true, sameSite: .lax)
    }

    func expiredSessionCookie() -> Cookie {
        Cookie(name: IdentityMiddleware.sessionCookie, value: "", maxAge: 0, path: "/", secure: config.secureCookies, httpOnly: true, sameSite: .lax)
    }

    /// The CSRF token for a form shown to a visitor who is not signed in: the one their
    /// `pb_csrf` cookie holds, or a new one with the cookie to set.
    func anonymousCSRF(_ request: Request) -> (token: String, cookie: Cookie?) {
        if let existing = request.cookies[CSRFMiddleware.anonymousCookie]?.value, existing.count == 43 { return (existing, nil) }
        let token = Secrets.make()
        return (token, Cookie(name: CSRFMiddleware.anonymousCookie, value: token, path: "/", secure: config.secureCookies,
                              httpOnly: true, sameSite: .lax))
    }

    /// The CSRF token of a form that both visitors and signed-in people see: the session's,
    /// else the anonymous cookie's (with the cookie to set when it is new).
    func formCSRF(_ request: Request, _ context: AppRequestContext) -> (token: String, cookie: Cookie?) {
        context.viewer?.csrfToken.map { ($0, nil) } ?? anonymousCSRF(request)
    }

    /// 429 with `Retry-After`, for a throttled key.
    func throttled(_ seconds: TimeInterval, what: String) -> WebError {
        let wait = Int(seconds.rounded(.up))
        return WebError(.tooManyRequests, "too many \(what); try again in \(wait) second\(wait == 1 ? "" : "s")",
                        headers: [.retryAfter: String(wait)])
    }

    /// Runs `body` for a person signed in with a browser session; anyone else is sent to the
    /// sign-in page, and comes back to `path` after.
    func signedIn(_ context: AppRequestContext, _ path: String, _ body: (Viewer) async throws -> Response) async throws -> Response {
        guard let viewer = context.viewer, viewer.session != nil else { return redirect("/login?next=" + Escape.queryValue(path)) }
        return try await body(viewer)
    }
}
