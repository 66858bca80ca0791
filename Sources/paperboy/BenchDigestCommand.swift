import ArgumentParser
import Configuration
import Digest
import Foundation
import PaperboyCore
import PaperboyStore
import Web

/// Digests at scale (scripts/bench-digest.sh): many subscriptions with mixed filters over a
/// real database; the time to select every digest (a dry run), to queue them (selection, mail
/// and claim), and the rate the outbox hands them to an SMTP server.
struct BenchDigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest", abstract: "Select, queue and send digests for many subscriptions; prints the times and rates.")

    @Option(help: ArgumentHelp("SQLite database with papers (subscriptions are added to it: use a copy).", valueName: "path")) var db: String
    @Option(help: "Subscriptions to add.") var subscriptions = 10_000
    @Option(help: "SMTP server to deliver to (a local sink).") var smtp: String
    @Option(help: "Random seed.") var seed: UInt64 = 7

    /// Topics people save searches for, in the search box's language.
    static let topics = [
        "diffusion model", "large language model", "reinforcement learning", "graph neural network", "quantum error correction",
        "entanglement", "transformer", "federated learning", "contrastive learning", "retrieval augmented generation", "robotics",
        "speech recognition", "image segmentation", "causal inference", "uncertainty quantification", "code generation", "multimodal",
        "agent", "qubit", "topological", "variational", "bayesian", "differential privacy", "adversarial", "knowledge graph",
        "time series", "recommendation", "medical imaging", "protein", "3D reconstruction", "gaussian splatting", "mixture of experts",
        "quantization", "distillation", "in-context learning", "chain of thought", "alignment", "hallucination", "state space model",
        "vision language model", "autonomous driving", "\"neural network\" -cat:cs.CV", "benchmark dataset", "theorem proving",
        "quantum annealing", "spin chain", "photonic", "speculative decoding", "world model", "video generation",
    ]
    static let categories = ["cs.CL", "cs.LG", "cs.CV", "cs.AI", "quant-ph", "cs.RO", "cs.CR", "stat.ML", "cs.IR", "cs.*", "cs.SE", "cs.HC"]

    func run() async throws {
        let store = try SQLiteStore.open(path: db)
        guard let day = try await store.latestDay(filter: CategoryFilter()) else { throw CLIError("no papers in \(db)") }
        let recent = try await store.listing(ListingRequest(range: .span(day.adding(days: -6), day), limit: 3_000)).papers.map(\.paper)
        let authors = Array(Set(recent.flatMap { $0.authors.prefix(3).map(\.name) })).sorted()
        var random = SeededGenerator(state: seed)
        let started = Date()
        for n in 0..<subscriptions {
            var filter = DigestFilter(top: [5, 10, 20].randomElement(using: &random) ?? 10)
            switch n % 10 {
            case 0, 1, 2: break                                                        // trending
            case 3, 4, 5: filter.categories = Array(Self.categories.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
                if n % 2 == 0 { filter.excludedCategories = ["cs.CV"] }
            case 6, 7: filter.queries = Array(Self.topics.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)))
            case 8: filter.authors = Array(authors.shuffled(using: &random).prefix(3))
            default: filter.categories = [Self.categories.randomElement(using: &random) ?? "cs.LG"]
                filter.queries = [Self.topics.randomElement(using: &random) ?? "agent"]
            }
            // A weekly share, all on the benchmark day's weekday so they are due too.
            let schedule = DigestSchedule(weekday: n % 5 == 0 ? day.isoWeekday : nil)
            _ = try await store.createSubscription(NewSubscription(email: "reader\(n)@bench.example", schedule: schedule, filter: filter, confirmed: true),
                                                   token: String(format: "%048x", n), now: Date())
        }
        print("added \(subscriptions) subscriptions in \(Self.seconds(since: started)) s; editions of \(day)")

        var settings = try HubSettings(try await ConfigReader.paperboy(flags: [.db: db, .smtpURL: smtp, .mailPerMinute: "0"], file: nil))
        settings.mailLeaseSeconds = 3600
        let service = try Hub.digestService(settings, store: store, recommender: nil)
        var clock = Date()
        let dry = try await service.queueDue(now: Date(), date: day, dryRun: true)
        let selection = Date().timeIntervalSince(clock)
        print(String(format: "select: %d digests (%d papers, %d empty) in %.2f s: %.0f subscriptions/s",
                     dry.queued, dry.papers, dry.empty, selection, Double(subscriptions) / selection))
        clock = Date()
        let queued = try await service.queueDue(now: Date(), date: day)
        let queueing = Date().timeIntervalSince(clock)
        print(String(format: "queue (select + compose + claim): %d digests in %.2f s: %.0f digests/s", queued.queued, queueing, Double(queued.queued) / queueing))
        clock = Date()
        let idle = try await service.queueDue(now: Date(), date: day)
        print(String(format: "a pass with nothing due (what the scheduler in serve costs each minute): %.2f s, %d not due",
                     Date().timeIntervalSince(clock), idle.notDue))
        clock = Date()
        let sent = try await Hub.outboxSender(settings, store: store).drain()
        let sending = Date().timeIntervalSince(clock)
        print(String(format: "send: %d mails in %.2f s: %.0f mails/s (%d retried, %d failed)", sent.sent, sending, Double(sent.sent) / sending, sent.retried, sent.failed))
        print(String(format: "selection takes %.0f%% of the time of delivery", 100 * selection / sending))
    }

    static func seconds(since start: Date) -> String { String(format: "%.1f", Date().timeIntervalSince(start)) }
}
