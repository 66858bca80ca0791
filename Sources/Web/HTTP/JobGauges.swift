import Foundation
import Harvest
import Search

/// The background jobs' state as Prometheus gauges and counters, appended to `/metrics`.
/// Only the jobs that run are listed, so an absent series means "not running here".
enum JobGauges {
    static func render(embedding: EmbeddingJob.Progress?, harvest: HarvestStatus?) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: Double) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        if let e = embedding {
            metric("paperboy_embedding_papers_embedded", "gauge", "Papers with a vector for the configured model.", Double(e.embedded))
            metric("paperboy_embedding_papers_total", "gauge", "Papers in the store when the embedding job last looked.", Double(e.total))
            metric("paperboy_embedding_running", "gauge", "1 while the embedding job is working through papers.", e.running ? 1 : 0)
        }
        if let h = harvest {
            metric("paperboy_harvest_runs_total", "counter", "Harvest runs finished since start.", Double(h.runs))
            metric("paperboy_harvest_failures_total", "counter", "Harvest runs that failed since start.", Double(h.failures))
            metric("paperboy_harvest_papers_inserted_total", "counter", "New papers stored by harvesting since start.", Double(h.papersInserted))
            metric("paperboy_harvest_last_success_timestamp_seconds", "gauge", "Unix time of the last successful harvest (0: none yet).",
                   h.lastSuccess?.timeIntervalSince1970 ?? 0)
            metric("paperboy_harvest_running", "gauge", "1 while a harvest is running.", h.running ? 1 : 0)
        }
        return out
    }
}
