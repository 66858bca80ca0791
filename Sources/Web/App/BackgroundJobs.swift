import Harvest
import Search

/// The long-running jobs `serve` runs next to the web server, reported in `/healthz`,
/// `/metrics` and on the search page. Both are optional: no model means no embedding job, and
/// harvesting is off unless asked for.
public struct BackgroundJobs: Sendable {
    public var embedding: EmbeddingJob?
    public var harvest: HarvestService?

    public init(embedding: EmbeddingJob? = nil, harvest: HarvestService? = nil) {
        self.embedding = embedding; self.harvest = harvest
    }

    /// The embedding job's progress, or nil when there is no job.
    func embeddingProgress() async -> EmbeddingJob.Progress? {
        guard let embedding else { return nil }
        return await embedding.progress
    }
}
