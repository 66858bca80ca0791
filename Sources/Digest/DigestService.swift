import Foundation
import Logging
import Mail
import PaperboyCore
import PaperboyStore
import Search
import ServiceLifecycle
import Synchronization

/// Makes the digests: finds each active subscription's due edition, picks its papers, and
/// claims the edition and queues its mail in one transaction (`SubscriptionStore.claimEdition`).
/// The outbox sends it. A run stopped anywhere and started again claims what is still due, so
/// every digest is queued once; none is sent empty. Inside `serve` it runs every minute.
public final class DigestService: Service, Sendable {
    let subscriptions: any SubscriptionStore
    let papers: any PaperStore
    let community: any CommunityStore
    let recommender: Recommender?
    let mailer: Mailer
    let logger: Logger
    let interval: Duration
    let clock: @Sendable () -> Date
    /// Held by the one instance that queues digests (claims are exactly-once regardless;
    /// the lease spares the others the selection work).
    let lease: JobLease?
    /// Subscriptions found with nothing new to send for a period, with the store's version
    /// then: the scheduler's next pass skips them until a paper or their filter changes.
    private let nothingNew = Mutex<[Int64: NothingNew]>([:])

    struct NothingNew: Equatable {
        var period: DigestPeriod
        var filter: DigestFilter
        var version: StoreVersion
    }

    public init(subscriptions: any SubscriptionStore, papers: any PaperStore, community: any CommunityStore, recommender: Recommender?,
                mailer: Mailer, logger: Logger = Logger(label: "paperboy.digest"), interval: Duration = .seconds(60),
                clock: @escaping @Sendable () -> Date = { Date() }, lease: JobLease? = nil) {
        self.subscriptions = subscriptions; self.papers = papers; self.community = community; self.recommender = recommender
        self.mailer = mailer; self.logger = logger; self.interval = interval; self.clock = clock; self.lease = lease
    }

    /// What one run did.
    public struct Report: Sendable, Equatable, Codable {
        /// Editions claimed and queued (or, in a dry run, that would be).
        public var queued = 0
        /// Due, but no paper matched that was not sent before: nothing sent.
        public var empty = 0
        /// Not due now (sent already, no new announcement, not the weekday).
        public var notDue = 0
        /// Claimed by another run in the meantime.
        public var claimedElsewhere = 0
        public var papers = 0
        public init() {}
    }

    /// Queues every digest due at `now` (every one due on `date`, whatever its hour, when given).
    /// `progress` hears (done, total) now and then.
    @discardableResult
    public func queueDue(now: Date, date: Day? = nil, dryRun: Bool = false,
                         progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Report {
        let active = try await subscriptions.subscriptions(statuses: [.active])
        let version = try await papers.version()
        let selector = DigestSelector(papers: papers, community: community, recommender: recommender)
        var announced: [Day: Day?] = [:]
        var report = Report()
        for (n, subscription) in active.enumerated() {
            if n % 500 == 0 { progress?(n, active.count) }
            guard let period = try await DigestCalendar.due(subscription.schedule, now: now, date: date, last: subscription.lastEdition,
                                                            announcedOnOrBefore: { day in
                if let known = announced[day] { return known }
                let found = try await self.announcement(onOrBefore: day)
                announced[day] = found
                return found
            }) else {
                report.notDue += 1
                continue
            }
            // A followed collection can gain papers, and a For you ranking change with the person's
            // signals, without the paper store changing: those are always selected again.
            let remembered = subscription.filter.collections.isEmpty && !subscription.filter.forYou
            let mark = remembered ? NothingNew(period: period, filter: subscription.filter, version: version) : nil
            if let mark, nothingNew.withLock({ $0[subscription.id] == mark }) {
                report.empty += 1
                continue
            }
            let sent = try await subscriptions.sentPapers(subscriptionID: subscription.id)
            let chosen = try await selector.select(subscription, period: period, sent: sent)
            guard !chosen.isEmpty else {
                if let mark { nothingNew.withLock { $0[subscription.id] = mark } }
                report.empty += 1
                continue
            }
            if dryRun {
                report.queued += 1; report.papers += chosen.count
                continue
            }
            let mail = try await message(subscription, period: period, papers: chosen)
            let edition = DigestEdition(subscriptionID: subscription.id, key: period.key, first: period.first, last: period.last,
                                        paperIDs: chosen.map(\.paper.id))
            if try await subscriptions.claimEdition(edition, mail: mail, now: now) != nil {
                report.queued += 1; report.papers += chosen.count
            } else {
                report.claimedElsewhere += 1
            }
        }
        progress?(active.count, active.count)
        return report
    }

    /// The latest edition as it would be mailed now, papers sent before included; nil when the
    /// hub has no papers yet or none match.
    public func preview(_ subscription: Subscription, now: Date, date: Day? = nil) async throws -> (period: DigestPeriod, mail: OutgoingMail)? {
        var schedule = subscription.schedule
        schedule.hour = 0
        guard let period = try await DigestCalendar.due(schedule, now: now, date: date, last: nil, announcedOnOrBefore: announcement)
        else { return nil }
        let chosen = try await DigestSelector(papers: papers, community: community, recommender: recommender)
            .select(subscription, period: period, sent: [])
        guard !chosen.isEmpty else { return nil }
        return (period, try await message(subscription, period: period, papers: chosen))
    }

    /// The subscription as a feed: the papers of the week up to the newest announcement that it
    /// selects, up to the most a digest holds.
    public func feedPapers(_ subscription: Subscription) async throws -> [ListedPaper] {
        guard let latest = try await papers.latestDay(filter: CategoryFilter()) else { return [] }
        var wide = subscription
        wide.filter.top = DigestFilter.maxTop
        let period = DigestPeriod(key: "feed", first: latest.adding(days: -6), last: latest)
        return try await DigestSelector(papers: papers, community: community, recommender: recommender).select(wide, period: period, sent: [])
    }

    /// The newest day with papers on or before `day`.
    private func announcement(onOrBefore day: Day) async throws -> Day? {
        try await papers.neighbourDays(of: .day(day.adding(days: 1)), filter: CategoryFilter()).previous
    }

    private func message(_ subscription: Subscription, period: DigestPeriod, papers chosen: [ListedPaper]) async throws -> OutgoingMail {
        let links = try await papers.links(paperIDs: chosen.map(\.paper.id))
        let items = chosen.map { DigestMessage.Item(paper: $0, code: links[$0.paper.id].flatMap { $0.github ?? $0.gitlab }) }
        return DigestMessage(link: mailer.link, from: mailer.settings.from).mail(subscription, period: period, items: items)
    }

    /// Every `interval` until shutdown: queue what is due.
    public func run() async throws {
        logger.info("digest scheduler started")
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                let queue = { @Sendable in try await self.queueDue(now: self.clock()) }
                let report = if let lease { try await lease.whileHeld(queue) } else { try await queue() }
                if let report, report.queued > 0 {
                    logger.info("digests queued", metadata: ["queued": "\(report.queued)", "papers": "\(report.papers)", "empty": "\(report.empty)"])
                }
            } catch {
                logger.error("digest run failed: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
        }
        logger.info("digest scheduler stopped")
    }
}
