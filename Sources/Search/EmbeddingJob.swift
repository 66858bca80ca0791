import Foundation
import PaperboyStore

/// Embeds every stored paper that has no vector for the model yet, in batches: each batch is
/// saved to the store and added to the in-memory index before the next is read. The store is
/// the record of what is done, so a stopped job resumes where it was and never embeds a paper
/// twice; keyword search is unaffected while it runs.
public actor EmbeddingJob {
    public struct Progress: Sendable, Codable, Equatable {
        /// Papers with a vector for the model.
        public var embedded: Int
        /// Papers in the store (as of the last pass's start).
        public var total: Int
        public var running: Bool
        /// Throughput of the current or last pass.
        public var papersPerSecond: Double
        public var lastError: String?
        public var remaining: Int { max(0, total - embedded) }
    }

    public let store: any PaperStore
    public let embedder: any TextEmbedder
    public let index: VectorIndex
    public let batchSize: Int
    private var state = Progress(embedded: 0, total: 0, running: false, papersPerSecond: 0, lastError: nil)

    public init(store: any PaperStore, embedder: any TextEmbedder, index: VectorIndex, batchSize: Int = 32) {
        self.store = store; self.embedder = embedder; self.index = index; self.batchSize = max(1, batchSize)
    }

    public var progress: Progress { state }

    /// Embeds until no paper is left (or the task is cancelled, between batches); returns how
    /// many papers this call embedded. `onBatch` sees the progress after every batch.
    @discardableResult
    public func run(limit: Int = .max, onBatch: (@Sendable (Progress) -> Void)? = nil) async throws -> Int {
        guard !state.running else { return 0 }
        state.running = true
        state.lastError = nil
        defer { state.running = false }
        do {
            state.total = try await store.stats().papers
            state.embedded = try await store.embeddingCount(model: embedder.id)
            let started = DispatchTime.now().uptimeNanoseconds
            var done = 0
            while done < limit, !Task.isCancelled {
                let papers = try await store.papersWithoutEmbedding(model: embedder.id, limit: min(batchSize, limit - done))
                if papers.isEmpty { break }
                let vectors = await embedder.embedOffPool(papers.map(EmbeddingText.of), qos: .utility)
                let items = zip(papers, vectors).map { (id: $0.id, vector: $1) }
                try await store.saveEmbeddings(model: embedder.id, precision: embedder.precision.rawValue, items)
                try index.add(items)
                done += items.count
                state.embedded += items.count
                state.total = max(state.total, state.embedded)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                state.papersPerSecond = Double(done) / max(seconds, 1e-9)
                onBatch?(state)
            }
            return done
        } catch {
            state.lastError = "\(error)"
            throw error
        }
    }
}
