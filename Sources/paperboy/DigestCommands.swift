import ArgumentParser
import Configuration
import Digest
import Foundation
import Mail
import PaperboyCore
import PaperboyStore
import Search
import Web

/// Mail settings for commands that send: the same flags and `PAPERBOY_*` variables as `serve`.
struct MailOptions: ParsableArguments {
    @Option(help: "SMTP server: smtp://user:pass@host:port or smtps://… (env PAPERBOY_SMTP_URL; default: a mail folder beside the database).")
    var smtp: String?
    @Option(help: "Public base URL for links in mail (env PAPERBOY_PUBLIC_URL).") var publicURL: String?
    @Option(help: "Sender address (env PAPERBOY_MAIL_FROM).") var mailFrom: String?
    @Option(help: "Messages handed to the server per minute, 0 for no limit (env PAPERBOY_MAIL_PER_MINUTE, default 60).") var mailPerMinute: String?

    func settings(db: String) async throws -> HubSettings {
        let given: [(Setting, String?)] = [(.db, db), (.smtpURL, smtp), (.publicURL, publicURL), (.mailFrom, mailFrom), (.mailPerMinute, mailPerMinute)]
        let flags = Dictionary(uniqueKeysWithValues: given.compactMap { s, v in v.map { (s, $0) } })
        do {
            return try HubSettings(try await ConfigReader.paperboy(flags: flags, file: nil))
        } catch {
            throw ValidationError("\(error)")
        }
    }
}

/// Filters and schedule as flags, shared by `subscribe`.
struct SubscriptionOptions: ParsableArguments {
    @Option(help: "Categories to follow, comma-separated (cs.CL,cs.*).") var cat: String?
    @Option(help: "Categories never sent (cs.CV).") var exclude: String?
    @Option(help: "A saved search in the search box's language (repeatable).") var query: [String] = []
    @Option(help: "An author to follow (repeatable).") var author: [String] = []
    @Option(help: "A public collection id to follow (repeatable).") var collection: [Int64] = []
    @Option(help: "Weekly on this day (mon … sun) instead of daily.") var weekly: String?
    @Option(help: "Papers per digest, 1-\(DigestFilter.maxTop).") var top = 10
    @Option(help: "Local hour to send at, 0-23.") var hour = 7
    @Option(help: "Time zone of --hour (Europe/Paris).") var tz = "UTC"

    func schedule() throws -> DigestSchedule {
        var weekday: Int?
        if let weekly {
            guard let day = DigestSchedule.weekday(weekly) else { throw ValidationError("--weekly: '\(weekly)' is not a weekday (mon … sun)") }
            weekday = day
        }
        return DigestSchedule(weekday: weekday, hour: hour, timeZone: tz)
    }

    var filter: DigestFilter {
        DigestFilter(categories: cat.map { [$0] } ?? [], excludedCategories: exclude.map { [$0] } ?? [], queries: query, authors: author,
                     collections: collection, top: top)
    }
}

/// `paperboy subscribe EMAIL`: a confirmed digest subscription, for operators and tests.
struct SubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subscribe", abstract: "Subscribe an address to digests (confirmed at once).")
    @OptionGroup var store: StoreOptions
    @OptionGroup var mail: MailOptions
    @OptionGroup var options: SubscriptionOptions
    @Argument(help: "Email address.") var email: String

    func run() async throws {
        let db = try await store.openStore()
        let settings = try await mail.settings(db: store.path)
        let desk = SubscriptionDesk(store: db, mailer: Mailer(store: db, settings: try Hub.mailSettings(settings)))
        do {
            let made = try await desk.subscribe(NewSubscription(email: email, schedule: try options.schedule(), filter: options.filter, confirmed: true))
            print("subscription \(made.id) for \(made.email): \(made.filter.summary), \(made.schedule.summary); \(made.status.rawValue)")
            print("manage: \(desk.mailer.link("/unsubscribe/" + made.token))")
        } catch let error as SubscriptionError {
            throw ValidationError(error.description)
        }
    }
}

/// `paperboy subscriptions [--json]`: every subscription, suppressed addresses with the reason.
struct SubscriptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "subscriptions", abstract: "List digest subscriptions and suppressed addresses.")
    @OptionGroup var store: StoreOptions
    @Flag(help: "Print JSON.") var json = false

    struct Row: Encodable {
        var id: Int64, email: String, status: String, schedule: DigestSchedule, filter: DigestFilter
        var account: Int64?, createdAt: Date, reason: String?, editions: Int, lastEdition: String?
    }

    func run() async throws {
        let db = try await store.openStore()
        var rows: [Row] = []
        for s in try await db.subscriptions(statuses: []) {
            let editions = try await db.editions(subscriptionID: s.id, limit: 1_000_000)
            rows.append(Row(id: s.id, email: s.email, status: s.status.rawValue, schedule: s.schedule, filter: s.filter, account: s.userID,
                            createdAt: s.createdAt, reason: s.reason, editions: editions.count, lastEdition: editions.first?.edition.key))
        }
        if json { return try CLIJSON.print(rows) }
        for r in rows {
            print("\(r.id)\t\(r.email)\t\(r.status)\t\(r.filter.summary); \(r.schedule.summary)\t\(r.editions) sent"
                  + (r.reason.map { "\treason: \($0)" } ?? ""))
        }
        let suppressed = try await db.suppressions()
        if !suppressed.isEmpty {
            print("suppressed addresses (their server refused them for good):")
            for s in suppressed { print("  \(s.address)\t\(s.reason)") }
        }
    }
}

/// `paperboy unsubscribe EMAIL|TOKEN`: for requests that arrive by mail (the `mailto:` of List-Unsubscribe).
struct UnsubscribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unsubscribe", abstract: "End an address's subscriptions, or one by its token.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "An email address (all its subscriptions) or a subscription's token.") var who: String

    func run() async throws {
        let db = try await store.openStore()
        let all = try await db.subscriptions(statuses: SubscriptionStatus.live)
        let matching = all.filter { $0.token == who || $0.email.lowercased() == who.lowercased() }
        guard !matching.isEmpty else { throw CLIError("no pending or active subscription for '\(who)'") }
        for s in matching { _ = try await db.endSubscription(token: s.token, now: Date()) }
        print("ended \(matching.count) subscription\(matching.count == 1 ? "" : "s")")
    }
}

/// `paperboy digest send|preview`.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "digest", abstract: "Send or preview email digests.",
                                                    subcommands: [Send.self, Preview.self])

    /// `--date`, checked.
    static func day(_ text: String?) throws -> Day? {
        try text.map { text in
            guard let day = Day(text) else { throw ValidationError("--date: '\(text)' is not a YYYY-MM-DD date") }
            return day
        }
    }

    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Queue every digest due now (or on --date) and send the outbox.",
            discussion: "Each edition is claimed in the database with its mail before anything is sent, so a run killed anywhere and run again sends every due digest once.")
        @OptionGroup var store: StoreOptions
        @OptionGroup var mail: MailOptions
        @Option(help: "Send what is due on this day (YYYY-MM-DD), whatever the hour.") var date: String?
        @Flag(help: "Say what would be sent; queue and send nothing.") var dryRun = false
        @OptionGroup var model: ModelOptions

        func run() async throws {
            let day = try DigestCommand.day(date)
            let db = try await store.openStore(keywordIndex: false)
            let settings = try await mail.settings(db: store.path)
            let service = try Hub.digestService(settings, store: db, recommender: try await recommender(db))
            let progress = ProgressReporter(label: "digests", unit: "subscriptions")
            let report = try await service.queueDue(now: Date(), date: day, dryRun: dryRun) { done, total in
                progress.update(done: done, fraction: total == 0 ? 1 : Double(done) / Double(total))
            }
            progress.finish(done: report.queued + report.empty + report.notDue + report.claimedElsewhere)
            print("\(dryRun ? "would queue" : "queued") \(report.queued) digests (\(report.papers) papers); "
                  + "\(report.empty) with nothing new, \(report.notDue) not due, \(report.claimedElsewhere) claimed by another run")
            guard !dryRun else { return }
            let sent = try await Hub.outboxSender(settings, store: db).drain()
            print("sent \(sent.sent), to retry \(sent.retried), failed \(sent.failed)" + (sent.rateLimited ? " (rate limit reached; the rest goes on the next run or from serve)" : ""))
        }

        /// Only For you digests need the model and vectors.
        private func recommender(_ db: any HubStore) async throws -> Recommender? {
            let active = try await db.subscriptions(statuses: [.active])
            guard active.contains(where: { $0.filter.forYou }) else { return nil }
            guard FileManager.default.fileExists(atPath: model.folder.path) else { return nil }
            let embedder = try model.loadModel()
            return Recommender(index: try await SearchService.loadIndex(from: db, model: embedder.id, dimension: embedder.dimension))
        }
    }

    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the latest digest of an address as it would be mailed (nothing is sent).")
        @OptionGroup var store: StoreOptions
        @OptionGroup var mail: MailOptions
        @Argument(help: "Email address of the subscription (its first active one).") var email: String
        @Option(help: "The edition of this day (YYYY-MM-DD).") var date: String?
        @Flag(help: "Print the HTML part instead of the text part.") var html = false

        func run() async throws {
            let db = try await store.openStore()
            let settings = try await mail.settings(db: store.path)
            let all = try await db.subscriptions(statuses: SubscriptionStatus.live)
            guard let subscription = all.first(where: { $0.email.lowercased() == email.lowercased() }) else {
                throw CLIError("no active or pending subscription for \(email)")
            }
            let day = try DigestCommand.day(date)
            let service = try Hub.digestService(settings, store: db, recommender: nil)
            guard let preview = try await service.preview(subscription, now: Date(), date: day) else {
                throw CLIError("nothing to show: no paper of the latest edition matches \(subscription.filter.summary)")
            }
            print("Subject: \(preview.mail.subject)\n")
            print(html ? preview.mail.html : preview.mail.text)
        }
    }
}
