import PaperboyStore

/// An in-memory vector index and where it stands in the store: with several instances on one
/// database only the one holding the embedding lease embeds, and the others call `catchUp()`
/// to add the vectors it saved since.
public actor VectorFollower {
    public nonisolated let index: VectorIndex
    let store: any PaperStore
    let model: String
    private var cursor: Int64?

    /// Loads every stored vector of `model` into a new index.
    public init(store: any PaperStore, model: String, dimension: Int) async throws {
        let stored = try await store.embeddings(model: model, savedAfter: nil)
        index = VectorIndex(dimension: dimension, capacity: stored.vectors.count)
        self.store = store; self.model = model; cursor = stored.cursor
        try add(stored.vectors)
    }

    /// Adds the vectors saved since the last look; returns how many.
    @discardableResult
    public func catchUp() async throws -> Int {
        let saved = try await store.embeddings(model: model, savedAfter: cursor)
        try add(saved.vectors)
        cursor = saved.cursor
        return saved.vectors.count
    }

    /// Vectors of another dimension (a model folder swapped under the same id) are skipped
    /// rather than failing start-up; the embedding job re-embeds those papers.
    private func add(_ vectors: [(id: String, vector: [Float])]) throws {
        try index.add(vectors.filter { $0.vector.count == index.dimension && $0.vector.contains { $0 != 0 } })
    }
}
