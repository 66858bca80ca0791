import Digest
import Foundation
import Hummingbird
import Logging
import Mail
import PaperboyCore
import PaperboyStore

/// The stores the hub runs on, one per aggregate. `SQLiteStore` is all of them at once; a
/// PostgreSQL store will be too.
public struct HubStores: Sendable {
    public var papers: any PaperStore
    public var accounts: any AccountStore
    public var community: any CommunityStore
    /// The mail aggregate: the outbox and digest subscriptions.
    public var mail: any SubscriptionStore

    public init(papers: any PaperStore, accounts: any AccountStore, community: any CommunityStore, mail: any SubscriptionStore) {
        self.papers = papers; self.accounts = accounts; self.community = community; self.mail = mail
    }

    public init(_ store: some PaperStore & AccountStore & CommunityStore & SubscriptionStore) {
        self.init(papers: store, accounts: store, community: store, mail: store)
    }
}

/// The web application for `paperboy serve`: routes, middleware and server configuration.
public func buildApplication(_ config: WebConfig, stores: HubStores, semantic: (any SemanticSearch)? = nil,
                             jobs: BackgroundJobs = BackgroundJobs(), arxiv: (any PaperFetching)? = nil,
                             logger: Logger = Logger(label: "paperboy.web")) async throws -> some ApplicationProtocol {
    let router = try await buildRouter(config, stores: stores, semantic: semantic, jobs: jobs, arxiv: arxiv)
    return Application(
        router: router,
        server: .http1(configuration: config.serverConfiguration()),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Paperboy"),
        logger: logger)
}

/// The router alone, for tests (`app.test(.router)`) and for embedding.
public func buildRouter(_ config: WebConfig, stores: HubStores, semantic: (any SemanticSearch)? = nil,
                        jobs: BackgroundJobs = BackgroundJobs(), arxiv: (any PaperFetching)? = nil, metrics: WebMetrics = WebMetrics(),
                        logLevel: Logger.Level = .info) async throws -> Router<AppRequestContext> {
    let resources = try ResourceLocation.folder()
    let templates = try await Templates(directory: resources.appendingPathComponent("templates"))
    let store = stores.papers
    let passwords = Passwords(cost: config.bcryptCost, common: try Passwords.commonList(in: resources))
    let app = WebApp(config: config, store: store, community: stores.community, arxiv: arxiv, semantic: semantic, jobs: jobs, templates: templates,
                     cache: ResponseCache(ttl: config.cacheTTL, versionInterval: config.versionCheckInterval) { [community = stores.community] in
                         CacheVersion(papers: try await store.version(), discussion: try await community.discussionVersion())
                     },
                     metrics: metrics, assets: try StaticAssets(directory: resources.appendingPathComponent("static")),
                     accounts: AccountService(accounts: stores.accounts, outbox: stores.mail, passwords: passwords, publicURL: config.publicURL),
                     throttles: Throttles(store: stores.accounts, votesPerMinute: config.votesPerMinute),
                     notifier: Notifier(accounts: stores.accounts, outbox: stores.mail, publicURL: config.publicURL),
                     digests: try digestPages(config, stores: stores, semantic: semantic))
    let openAPI = try OpenAPIDocument.load(resources, publicURL: config.publicURL)

    let router = Router(context: AppRequestContext.self)
    // Outermost first: metrics see final statuses, errors become pages before headers are added.
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: LogRequestsMiddleware(logLevel))
    router.add(middleware: SecurityHeadersMiddleware())
    router.add(middleware: ErrorPageMiddleware(templates: templates, publicURL: config.publicURL))
    router.add(middleware: RequestGuardMiddleware(maxBodyBytes: config.maxBodyBytes))
    if !config.trustedProxies.isEmpty { router.add(middleware: ProxyMiddleware(trusted: config.trustedProxies)) }
    router.add(middleware: IdentityMiddleware(accounts: stores.accounts, discussion: stores.community))
    let routes = Routes(router, csrf: CSRFMiddleware(maxBodyBytes: config.maxBodyBytes))

    let controllers: [any Controller] = [
        FeedPagesController(app: app), PaperPageController(app: app), SearchController(app: app),
        FeedsController(app: app), APIController(app: app), AccountController(app: app), SettingsController(app: app),
        VoteController(app: app), SubmitController(app: app), CollectionController(app: app), DiscussionController(app: app),
        ModerationController(app: app), NoticesController(app: app), AboutController(app: app), LinksController(app: app), InterestController(app: app),
        DigestController(app: app), SystemController(app: app, openAPI: openAPI),
    ]
    for controller in controllers { controller.addRoutes(to: routes) }
    return router
}

/// The digest side of the pages; mail links start with the public URL.
private func digestPages(_ config: WebConfig, stores: HubStores, semantic: (any SemanticSearch)?) throws -> DigestPages {
    guard let publicURL = URL(string: config.publicURL) else { throw WebError.badRequest("public URL '\(config.publicURL)' is not a URL") }
    let mailer = Mailer(store: stores.mail, settings: try MailSettings(smtpURL: nil, publicURL: publicURL, from: config.mailFrom))
    return DigestPages(store: stores.mail, desk: SubscriptionDesk(store: stores.mail, mailer: mailer),
                       service: DigestService(subscriptions: stores.mail, papers: stores.papers, community: stores.community,
                                              recommender: semantic?.recommender, mailer: mailer))
}
