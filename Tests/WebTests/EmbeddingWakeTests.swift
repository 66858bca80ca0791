import Logging
import PaperboyPostgres
import PaperboyStore
import Search
import Testing
@testable import Web

@Suite("The embedding service wakes when another process announces papers")
struct EmbeddingWakeTests {
    @Test(.enabled(if: Fixture.postgresURLWithFreshSchema() != nil, "needs PAPERBOY_TEST_POSTGRES (scripts/test.sh starts a server)"),
          .timeLimit(.minutes(1)))
    func aPaperImportedElsewhereIsEmbeddedLongBeforeTheNextLook() async throws {
        let url = try #require(Fixture.postgresURLWithFreshSchema())
        let serving = try await PostgresStore.connect(url)
        let importer = try await PostgresStore.connect(url)
        let embedder = SemanticRoutesTests.AxisEmbedder()
        let follower = try await VectorFollower(store: serving, model: embedder.id, dimension: embedder.dimension)
        let service = EmbeddingBackgroundService(
            job: EmbeddingJob(store: serving, embedder: embedder, index: follower.index), follower: follower,
            lease: JobLease("embedding", store: serving, duration: 30), announcements: serving.changeAnnouncements(),
            logger: Logger(label: "test"))
        let running = Task { try await service.run() }
        defer { running.cancel() }
        // The first round finds nothing to embed; the next look is a minute away (`pollInterval`).
        try await Task.sleep(for: .seconds(1))

        let clock = ContinuousClock()
        let started = clock.now
        try await importer.upsert([Fixture.samplePapers[0]])
        // Searchable once in the index, which the job fills after saving the vector.
        while follower.index.count == 0 {
            try #require(clock.now - started < .seconds(10), "not embedded within 10 s of the import")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await serving.embeddingCount(model: embedder.id) == 1)
    }
}
