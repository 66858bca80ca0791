import Foundation

/// How the web server runs. Flags and `PAPERBOY_*` environment variables fill it in the
/// `serve` command; tests use the defaults.
public struct WebConfig: Sendable {
    public var host: String
    public var port: Int
    /// The address links in feeds and `<link rel="canonical">` point at, without a trailing slash.
    public var publicURL: String
    /// The sender of mail (nil: `paperboy@` the public host), named in digests' unsubscribe address.
    public var mailFrom: String?
    /// How long a rendered page, API answer or feed is reused at most before it is built again
    /// (trending order drifts with the clock). 0 turns the cache off.
    public var cacheTTL: TimeInterval
    /// Writes (by this or any other process) show after at most this many seconds: cached
    /// answers are checked against the store's version, asked at most this often. 0 asks on
    /// every request (~40% fewer cached pages per second on a busy server).
    public var versionCheckInterval: TimeInterval
    /// Papers per page in HTML listings and search.
    public var pageSize: Int
    /// Requests with a larger body are refused with 413.
    public var maxBodyBytes: Int
    /// Search queries longer than this are refused with 400.
    public var maxQueryLength: Int
    /// Seconds a connection may take to send a complete request head, counted from when it
    /// opens or its last response ended; then it is closed (a slowloris holds half-sent
    /// request lines open otherwise).
    public var headerTimeout: TimeInterval = 10
    /// Seconds a connection may stay open with no request at all before it is closed.
    public var idleTimeout: TimeInterval = 60
    /// Open connections one client address may hold; more are refused with 503. Browsers open
    /// about six; raise it for many users behind one NAT or proxy address.
    public var maxConnectionsPerIP: Int = 64
    /// Addresses of reverse proxies (nginx in front of several instances) whose
    /// `X-Forwarded-For` names the client, for per-client limits. Nobody else's is believed.
    public var trustedProxies: Set<String> = []

    /// Which papers a day, week or month page shows when the URL does not say (`?view=`).
    public var defaultView = PaperSelection.all
    /// Papers one person may submit per UTC day; moderators are not limited.
    public var submissionsPerDay = 10
    /// Votes one account may cast or take back per minute: plenty for a person, not for a
    /// script. Load benchmarks raise it.
    public var votesPerMinute = 60

    /// bcrypt's work factor for new passwords. 12 or more in production; tests lower it to
    /// keep hundreds of sign-ins fast.
    public var bcryptCost: UInt8
    /// Session cookies are `Secure` when the hub is served over https.
    public var secureCookies: Bool { publicURL.hasPrefix("https://") }

    public init(host: String = "127.0.0.1", port: Int = 8080, publicURL: String? = nil, cacheTTL: TimeInterval = 30,
                versionCheckInterval: TimeInterval = 0.1, pageSize: Int = 30, maxBodyBytes: Int = 64 * 1024, maxQueryLength: Int = 500,
                bcryptCost: UInt8 = 12) {
        self.host = host; self.port = port
        var url = publicURL ?? "http://\(host):\(port)"
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
        self.cacheTTL = cacheTTL; self.versionCheckInterval = versionCheckInterval; self.pageSize = pageSize
        self.maxBodyBytes = maxBodyBytes; self.maxQueryLength = maxQueryLength
        self.bcryptCost = bcryptCost
    }
}

/// The two views of a day, week or month: every new paper, or the community's picks (the
/// papers people submitted or upvoted in it).
public enum PaperSelection: String, Sendable, CaseIterable {
    case all, community
    /// Ranked for the signed-in person; never a hub's default (anonymous visitors have no model).
    case forYou = "for-you"

    var label: String {
        switch self {
        case .all: "All new"
        case .community: "Community"
        case .forYou: "For you"
        }
    }
}
