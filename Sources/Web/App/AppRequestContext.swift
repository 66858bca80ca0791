import Hummingbird
import NIOCore
import PaperboyCore

/// The request context of every route: Hummingbird's core storage plus who is asking.
/// `IdentityMiddleware` fills `viewer` from the session cookie or a bearer token, and
/// `CSRFMiddleware` fills `form` once it has checked a POSTed form's token.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The signed-in person, or nil for an anonymous request.
    public var viewer: Viewer?
    /// The fields of an `application/x-www-form-urlencoded` body, after the CSRF check.
    var form = FormData()
    /// The peer's address, for per-IP limits (nil in in-process tests).
    public let remoteIP: String?
    /// The client's address as a trusted proxy (nginx) reports it (`ProxyMiddleware`).
    var forwardedIP: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteIP = source.channel.remoteAddress?.ipAddress
    }

    /// The throttling key for this client: its IP (as a trusted proxy reports it, behind
    /// one), or one shared key when it has none.
    var clientKey: String { forwardedIP ?? remoteIP ?? "local" }
}

/// Who a request acts for and how they proved it.
public struct Viewer: Sendable {
    public var user: User
    /// The browser session (nil for a request with an API token, which needs no CSRF token).
    public var session: Session?
    /// Notices not yet read (counted for page requests of browser sessions only).
    public var unreadNotices = 0
    var csrfToken: String? { session?.csrfToken }
}
