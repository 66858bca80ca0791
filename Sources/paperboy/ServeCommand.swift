import ArgumentParser
import Foundation
import Harvest
import Logging
import Mail
import PaperboyStore
import Search
import ServiceLifecycle
import Web

/// `paperboy serve`: the web hub, until SIGINT or SIGTERM (then in-flight requests finish).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web hub: pages, JSON API, feeds, /healthz and /metrics.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var model: ModelOptions
    @OptionGroup var arxiv: ArxivOptions
    @Flag(help: "Harvest new papers from arXiv daily after the announcement (env PAPERBOY_HARVEST=1; off by default).")
    var harvest = false
    @Option(help: "Address to listen on (env PAPERBOY_HOST, default 127.0.0.1).") var host: String?
    @Option(help: "Port to listen on (env PAPERBOY_PORT, default 8080).") var port: Int?
    @Option(help: "Public base URL for links in feeds (env PAPERBOY_PUBLIC_URL, default http://HOST:PORT).") var publicURL: String?
    @Option(help: "Seconds a rendered page is reused (env PAPERBOY_CACHE_TTL, default 30; 0 disables).") var cacheTTL: Double?
    @Option(help: "Seconds a connection may take to send a request head (env PAPERBOY_HEADER_TIMEOUT, default 10).") var headerTimeout: Double?
    @Option(help: "Seconds an idle connection stays open (env PAPERBOY_IDLE_TIMEOUT, default 60).") var idleTimeout: Double?
    @Option(help: "Open connections allowed per client address (env PAPERBOY_MAX_CONNECTIONS_PER_IP, default 64).") var maxConnectionsPerIp: Int?
    @Option(help: "SMTP server for outgoing mail: smtp://user:pass@host:port or smtps://… (env PAPERBOY_SMTP_URL; without it, mail goes to data/mail and the log).")
    var smtp: String?
    @Option(help: "Sender address of outgoing mail (env PAPERBOY_MAIL_FROM, default paperboy@ the public host).") var mailFrom: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error (env PAPERBOY_LOG_LEVEL, default info).") var logLevel: String?

    private var env: [String: String] { ProcessInfo.processInfo.environment }
    private func setting(_ flag: String?, _ name: String) -> String? { flag ?? env[name].flatMap { $0.isEmpty ? nil : $0 } }

    func validate() throws {
        if let p = port ?? env["PAPERBOY_PORT"].flatMap(Int.init), !(0...65535).contains(p) {
            throw ValidationError("port must be between 0 and 65535")
        }
        if let raw = env["PAPERBOY_PORT"], !raw.isEmpty, Int(raw) == nil, port == nil {
            throw ValidationError("PAPERBOY_PORT must be a number, got '\(raw)'")
        }
        for (value, name) in [(headerTimeout, "--header-timeout"), (idleTimeout, "--idle-timeout")] where value.map({ !($0 > 0) }) == true {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        if let cap = maxConnectionsPerIp, cap < 1 { throw ValidationError("--max-connections-per-ip must be at least 1") }
        if let level = setting(logLevel, "PAPERBOY_LOG_LEVEL"), Logger.Level(rawValue: level) == nil {
            throw ValidationError("unknown log level '\(level)'")
        }
    }

    func run() async throws {
        let level = setting(logLevel, "PAPERBOY_LOG_LEVEL").flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "paperboy.web")
        var config = WebConfig(
            host: setting(host, "PAPERBOY_HOST") ?? "127.0.0.1",
            port: port ?? env["PAPERBOY_PORT"].flatMap(Int.init) ?? 8080,
            publicURL: setting(publicURL, "PAPERBOY_PUBLIC_URL"),
            cacheTTL: cacheTTL ?? env["PAPERBOY_CACHE_TTL"].flatMap(Double.init) ?? 30)
        config.headerTimeout = headerTimeout ?? env["PAPERBOY_HEADER_TIMEOUT"].flatMap(Double.init) ?? config.headerTimeout
        config.idleTimeout = idleTimeout ?? env["PAPERBOY_IDLE_TIMEOUT"].flatMap(Double.init) ?? config.idleTimeout
        config.maxConnectionsPerIP = maxConnectionsPerIp ?? env["PAPERBOY_MAX_CONNECTIONS_PER_IP"].flatMap(Int.init) ?? config.maxConnectionsPerIP
        let db = try store.openStore(keywordIndex: true)
        // FTS5 answers searches until the in-memory index is built (about 47 s for 1M papers).
        Task.detached(priority: .utility) { await db.prepareKeywordIndex() }
        let search = try await loadSearch(db, logger: logger)
        let harvestService = try harvestEnabled ? HarvestService(harvester: Harvester(config: arxiv.config(), store: db)) : nil
        let jobs = BackgroundJobs(embedding: search.job, harvest: harvestService)
        let outbox = try mailSender(db, publicURL: config.publicURL)
        let app = try await buildApplication(config, stores: HubStores(db), semantic: search.service, jobs: jobs, logger: logger)

        var services: [any Service] = [app, outbox]
        if let job = search.job { services.append(EmbeddingBackgroundService(job: job, logger: Logger(label: "paperboy.embed"))) }
        if let harvestService { services.append(harvestService) }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        logger.info("serving", metadata: ["url": "\(config.publicURL)", "db": "\(store.path)",
                                          "search": "\(search.service == nil ? "keyword" : "hybrid")", "harvest": "\(harvestEnabled)"])
        try await group.run()
    }

    /// The outbox sender: SMTP when configured, else a folder beside the database.
    private func mailSender(_ db: SQLiteStore, publicURL: String) throws -> OutboxService {
        guard let url = URL(string: publicURL) else { throw ValidationError("the public URL '\(publicURL)' is not a URL") }
        let folder = URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("mail").path
        var settings: MailSettings
        do {
            settings = try MailSettings(smtpURL: setting(smtp, "PAPERBOY_SMTP_URL"), publicURL: url,
                                        from: setting(mailFrom, "PAPERBOY_MAIL_FROM"), folder: folder)
        } catch {
            throw ValidationError("\(error)")
        }
        if let poll = env["PAPERBOY_MAIL_POLL_SECONDS"].flatMap(Double.init), poll > 0 { settings.pollInterval = .milliseconds(Int64(poll * 1000)) }
        let logger = Logger(label: "paperboy.mail")
        return OutboxService(store: db, transport: makeTransport(settings, logger: logger), settings: settings, logger: logger)
    }

    private var harvestEnabled: Bool { harvest || ["1", "true", "yes"].contains(env["PAPERBOY_HARVEST"]?.lowercased() ?? "") }

    /// Search by meaning when the model folder exists: the stored vectors go into the index,
    /// and the job embeds the rest in the background. Without a model, keyword search only.
    private func loadSearch(_ db: SQLiteStore, logger: Logger) async throws -> (service: SearchService?, job: EmbeddingJob?) {
        guard FileManager.default.fileExists(atPath: model.folder.path) else {
            logger.notice("no embedding model at \(model.folder.path): keyword search only (install one with scripts/setup-model.sh)")
            return (nil, nil)
        }
        let embedder = try model.loadModel()
        let index = try await SearchService.loadIndex(from: db, model: embedder.id, dimension: embedder.dimension)
        logger.info("loaded \(index.count) vectors of \(embedder.id)")
        return (SearchService(store: db, index: index, embedder: embedder), EmbeddingJob(store: db, embedder: embedder, index: index))
    }
}
