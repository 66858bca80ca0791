import Foundation
import Harvest
import PaperboyCore
import PaperboyStore
import Search

/// What `/metrics` reads when it is scraped rather than counts as it happens: the background
/// jobs' state and the mail outbox. A job that does not run here never gets a series, so an
/// absent series means "not running here".
extension WebMetrics {
    func observe(embedding: EmbeddingJob.Progress?) {
        guard let e = embedding else { return }
        set(gauge: "paperboy_embedding_papers_embedded", to: Double(e.embedded))
        set(gauge: "paperboy_embedding_papers_total", to: Double(e.total))
        set(gauge: "paperboy_embedding_running", to: e.running ? 1 : 0)
    }

    func observe(harvest: HarvestStatus?) {
        guard let h = harvest else { return }
        mirror(counter: "paperboy_harvest_runs_total", to: h.runs)
        mirror(counter: "paperboy_harvest_failures_total", to: h.failures)
        mirror(counter: "paperboy_harvest_papers_inserted_total", to: h.papersInserted)
        // 0 until the first success, so an alert on its age fires for a harvest that never worked.
        set(gauge: "paperboy_harvest_last_success_timestamp_seconds", to: h.lastSuccess?.timeIntervalSince1970 ?? 0)
        set(gauge: "paperboy_harvest_running", to: h.running ? 1 : 0)
    }

    /// Messages in the outbox by status; a status with none reads 0 rather than vanishing.
    func observe(outbox counts: [OutboxStatus: Int]) {
        for status in OutboxStatus.allCases {
            set(gauge: "paperboy_mail_outbox", [("status", status.rawValue)], to: Double(counts[status] ?? 0))
        }
    }

    /// Digest subscriptions by status (`suppressed`: their server refused them for good).
    func observe(subscriptions counts: [SubscriptionStatus: Int]) {
        for status in SubscriptionStatus.allCases {
            set(gauge: "paperboy_digest_subscriptions", [("status", status.rawValue)], to: Double(counts[status] ?? 0))
        }
    }
}
