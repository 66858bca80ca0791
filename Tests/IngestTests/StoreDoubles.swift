import Foundation
import Synchronization
import PaperboyCore
import PaperboyStore

/// A real SQLite store whose `upsert` fails on the n-th call, as if the process were killed
/// while that batch was being written (the batch's transaction never commits).
final class FailingStore: PaperStore, Sendable {
    let base: SQLiteStore
    private let failOnCall: Int
    private let calls = Mutex(0)

    struct Killed: Error {}

    init(base: SQLiteStore, failOnCall: Int) { self.base = base; self.failOnCall = failOnCall }

    func upsert(_ papers: [Paper], checkpoint: Checkpoint?) async throws -> UpsertResult {
        let n = calls.withLock { $0 += 1; return $0 }
        if n == failOnCall { throw Killed() }
        return try await base.upsert(papers, checkpoint: checkpoint)
    }
    func delete(ids: [String], checkpoint: Checkpoint?) async throws { try await base.delete(ids: ids, checkpoint: checkpoint) }
    func paper(id: String) async throws -> Paper? { try await base.paper(id: id) }
    func papers(ids: [String]) async throws -> [Paper] { try await base.papers(ids: ids) }
    func links(paperIDs: [String]) async throws -> [String: CodeLinks] { try await base.links(paperIDs: paperIDs) }
    func search(_ request: SearchRequest) async throws -> SearchResults { try await base.search(request) }
    func listing(_ request: ListingRequest) async throws -> Listing { try await base.listing(request) }
    func paperIDs(from first: Day, through last: Day, filter: CategoryFilter) async throws -> [String] {
        try await base.paperIDs(from: first, through: last, filter: filter)
    }
    func latestDay(filter: CategoryFilter) async throws -> Day? { try await base.latestDay(filter: filter) }
    func neighbourDays(of range: DayRange, filter: CategoryFilter) async throws -> (previous: Day?, next: Day?) {
        try await base.neighbourDays(of: range, filter: filter)
    }
    func stats() async throws -> StoreStats { try await base.stats() }
    func version() async throws -> StoreVersion { try await base.version() }
    func paperCount() async throws -> Int { try await base.paperCount() }
    func checkpoint(source: String) async throws -> Checkpoint? { try await base.checkpoint(source: source) }
    func embeddingCount(model: String) async throws -> Int { try await base.embeddingCount(model: model) }
    func papersWithoutEmbedding(model: String, limit: Int) async throws -> [Paper] {
        try await base.papersWithoutEmbedding(model: model, limit: limit)
    }
    func saveEmbeddings(model: String, precision: String, _ vectors: [(id: String, vector: [Float])]) async throws {
        try await base.saveEmbeddings(model: model, precision: precision, vectors)
    }
    func embeddings(model: String) async throws -> [(id: String, vector: [Float])] { try await base.embeddings(model: model) }
    func embeddings(model: String, savedAfter cursor: Int64?) async throws -> (vectors: [(id: String, vector: [Float])], cursor: Int64?) {
        try await base.embeddings(model: model, savedAfter: cursor)
    }
}
