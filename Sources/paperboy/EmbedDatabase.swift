import Foundation
import Search

/// `paperboy embed` without `--input`: embeds every paper in the database that has no vector
/// for the model yet, with a progress bar. Resumable: stopping and re-running continues where it
/// was, because the saved vectors are the record of what is done.
struct EmbedDatabase {
    var store: StoreOptions
    var model: ModelOptions
    var batchSize = 256
    /// Stop after this many papers (for trying it out on a big database).
    var limit = Int.max

    func run() async throws {
        let paperStore = try await store.openStore()
        let embedder = try model.loadModel()
        let before = try await paperStore.embeddingCount(model: embedder.id)
        let todo = min(limit, max(0, try await paperStore.stats().papers - before))
        guard todo > 0 else {
            print("all \(before) papers already have vectors of \(embedder.id); nothing to do")
            return
        }
        // Only the new vectors go into this index; the job needs one to add them to.
        let index = VectorIndex(dimension: embedder.dimension)
        let job = EmbeddingJob(store: paperStore, embedder: embedder, index: index, batchSize: batchSize)
        let progress = ProgressReporter(label: "embedding", unit: "papers", interval: 10)
        let embedded = try await job.run(limit: limit) { p in
            let done = p.embedded - before
            progress.update(done: done, fraction: Double(done) / Double(todo))
        }
        progress.finish(done: embedded)
        let p = await job.progress
        print(String(format: "embedded %d papers with %@ in this run (%.1f papers/s); %d of %d papers have vectors",
                     embedded, embedder.id, p.papersPerSecond, p.embedded, p.total))
    }
}
