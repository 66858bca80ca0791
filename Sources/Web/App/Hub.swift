import Digest
import Embeddings
import Foundation
import Harvest
import Logging
import Mail
import PaperboyPostgres
import PaperboyStore
import Search
import ServiceLifecycle

/// The composition root of `paperboy serve`: from resolved settings to every service the hub
/// runs (the web server, the mail outbox sender, background embedding, harvesting), wired to
/// one set of stores.
public enum Hub {
    /// Opens the database a location names: a `postgres://` URL, or a SQLite file (created
    /// with its folder when missing). `keywordIndex` asks for the in-memory keyword index.
    public static func openStore(_ location: String, keywordIndex: Bool = false) async throws -> any HubStore {
        if StoreLocation.isServerURL(location) { return try await PostgresStore.connect(location, keywordIndex: keywordIndex) }
        let url = URL(fileURLWithPath: location)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return try SQLiteStore.open(path: url.path, keywordIndex: keywordIndex)
    }

    /// The services of a running hub, ready for a `ServiceGroup`. `arxiv` configures the one
    /// polite arXiv client that fetches submitted papers and, when `settings.harvest` is on,
    /// harvests.
    public static func services(_ settings: HubSettings, arxiv: HarvestConfig, logger: Logger) async throws -> [any Service] {
        let db = try await openStore(settings.db, keywordIndex: true)
        // The store's own full-text search answers until the in-memory index is built (about
        // 47 s for 1M papers on SQLite).
        Task.detached(priority: .utility) { await db.prepareKeywordIndex() }
        let modelFolder = settings.model.map { URL(fileURLWithPath: $0) } ?? EmbeddingModel.defaultFolder
        var search: (service: SearchService, job: EmbeddingJob, follower: VectorFollower)?
        if FileManager.default.fileExists(atPath: modelFolder.path) {
            let embedder = try EmbeddingModel(folder: modelFolder, precision: settings.precision)
            let follower = try await VectorFollower(store: db, model: embedder.id, dimension: embedder.dimension)
            let service = SearchService(store: db, index: follower.index, embedder: embedder)
            search = (service, EmbeddingJob(store: db, embedder: embedder, index: service.index), follower)
            logger.info("loaded \(service.index.count) vectors of \(embedder.id); embedding at \(embedder.precision.rawValue)")
        } else {
            logger.notice("no embedding model at \(modelFolder.path): keyword search only (install one with scripts/setup-model.sh)")
        }
        let harvester = Harvester(config: arxiv, store: db)
        let harvestService = settings.harvest ? HarvestService(harvester: harvester, lease: JobLease("harvest", store: db, duration: settings.leaseSeconds)) : nil
        let app = try await buildApplication(settings.web, stores: HubStores(db), semantic: search?.service,
                                             jobs: BackgroundJobs(embedding: search?.job, harvest: harvestService),
                                             arxiv: harvester.api, logger: logger)
        var services: [any Service] = [app, try outboxSender(settings, store: db),
                                       try digestService(settings, store: db, recommender: search.map { Recommender(index: $0.service.index) })]
        if let search {
            services.append(EmbeddingBackgroundService(job: search.job, follower: search.follower, lease: JobLease("embedding", store: db, duration: settings.leaseSeconds),
                                                        announcements: db.changeAnnouncements(), logger: Logger(label: "paperboy.embed")))
        }
        if let harvestService { services.append(harvestService) }
        logger.info("serving", metadata: ["url": "\(settings.web.publicURL)", "db": "\(StoreLocation.redacted(settings.db))",
                                          "search": "\(search == nil ? "keyword" : "hybrid")", "harvest": "\(settings.harvest)",
                                          "mail": "\(settings.smtpURL == nil ? "folder" : "smtp")"])
        return services
    }

    /// Sends the outbox: over SMTP when configured, else into a `mail` folder beside the database.
    public static func outboxSender(_ settings: HubSettings, store: any MailStore) throws -> OutboxService {
        let mail = try mailSettings(settings)
        let logger = Logger(label: "paperboy.mail")
        return OutboxService(store: store, transport: makeTransport(mail, logger: logger), settings: mail, logger: logger)
    }

    /// The digest scheduler; `recommender` ranks the "for you" digests (none without embeddings).
    public static func digestService(_ settings: HubSettings, store: some PaperStore & CommunityStore & SubscriptionStore & LeaseStore,
                                     recommender: Recommender?) throws -> DigestService {
        DigestService(subscriptions: store, papers: store, community: store, recommender: recommender,
                      mailer: Mailer(store: store, settings: try mailSettings(settings)),
                      interval: .milliseconds(Int64(settings.digestPollSeconds * 1000)), lease: JobLease("digests", store: store, duration: settings.leaseSeconds))
    }

    public static func mailSettings(_ settings: HubSettings) throws -> MailSettings {
        guard let publicURL = URL(string: settings.web.publicURL) else {
            throw SettingError(.publicURL, settings.web.publicURL, "a URL")
        }
        let folder = StoreLocation.isServerURL(settings.db) ? "./data/mail"
            : URL(fileURLWithPath: settings.db).deletingLastPathComponent().appendingPathComponent("mail").path
        var mail: MailSettings
        do {
            mail = try MailSettings(smtpURL: settings.smtpURL, publicURL: publicURL, from: settings.mailFrom, folder: folder)
        } catch {
            throw SettingError(.smtpURL, settings.smtpURL ?? "", "usable: \(error)")
        }
        mail.pollInterval = .milliseconds(Int64(settings.mailPollSeconds * 1000))
        mail.messagesPerMinute = settings.mailPerMinute
        mail.lease = settings.mailLeaseSeconds
        return mail
    }
}
