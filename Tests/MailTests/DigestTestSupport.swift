import Digest
import Foundation
import Ingest
@testable import Mail
import PaperboyCore
import PaperboyStore

/// A hub's mail side on the bundled cs sample (real arXiv papers announced 2026-02-12 to
/// 2026-03-13) in a database file, with a real SMTP server on loopback.
struct DigestHub {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sample = root.appendingPathComponent("sample/arxiv-cs-2026-02-12_to_2026-03-13.jsonl.gz")

    let folder: URL
    let store: SQLiteStore
    let smtp: TestSMTPServer
    let clock = TestClock()
    let mailer: Mailer
    let desk: SubscriptionDesk
    let digests: DigestService
    let outbox: OutboxService

    init(reject: [String: Int] = [:]) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-digest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        store = try SQLiteStore.open(path: folder.appendingPathComponent("hub.sqlite").path)
        _ = try await Importer(store: store).run(files: [Self.sample])
        var options = TestSMTPServer.Options()
        options.reject = reject
        smtp = try TestSMTPServer(options)
        let settings = try MailFixtures.settings(smtp: "smtp://127.0.0.1:\(smtp.port)?starttls=never")
        mailer = Mailer(store: store, settings: settings)
        desk = SubscriptionDesk(store: store, mailer: mailer)
        digests = DigestService(subscriptions: store, papers: store, community: store, recommender: nil, mailer: mailer)
        outbox = try MailFixtures.service(store, port: smtp.port, clock: clock) { $0.messagesPerMinute = 0 }
    }

    var databasePath: String { folder.appendingPathComponent("hub.sqlite").path }

    func subscribe(_ email: String, _ filter: DigestFilter = DigestFilter(), weekday: Int? = nil) async throws -> Subscription {
        try await desk.subscribe(NewSubscription(email: email, schedule: DigestSchedule(weekday: weekday), filter: filter, confirmed: true))
    }

    /// Queues what is due on `day` and sends it; the messages the server got in this run.
    @discardableResult
    func send(on day: String) async throws -> [TestSMTPServer.Delivered] {
        let before = try smtp.delivered().count
        try await digests.queueDue(now: clock.now, date: Day(day))
        try await outbox.drain()
        return Array(try smtp.delivered().dropFirst(before))
    }

    /// The papers of the newest edition sent on `s`.
    func lastEdition(_ s: Subscription) async throws -> [Paper] {
        let ids = try await store.editions(subscriptionID: s.id, limit: 1).first?.edition.paperIDs ?? []
        let papers = try await store.papers(ids: ids)
        return ids.compactMap { id in papers.first { $0.id == id } }
    }
}
