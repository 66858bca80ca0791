import Foundation
import Logging
import PaperboyPostgres
import PaperboyStore
import Search
import Testing
@testable import Web

@Suite("The embedding service wakes when another process announces papers")
struct EmbeddingWakeTests {
    static let postgresURL = ProcessInfo.processInfo.environment["PAPERBOY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    @Test(.enabled(if: postgresURL != nil, "needs PAPERBOY_TEST_POSTGRES (scripts/test.sh starts a server)"), .timeLimit(.minutes(1)))
    func aPaperImportedElsewhereIsEmbeddedLongBeforeTheNextLook() async throws {
        let base = try #require(Self.postgresURL)
        let url = base + (base.contains("?") ? "&" : "?") + "schema=e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
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
        while try await serving.embeddingCount(model: embedder.id) == 0 {
            try #require(clock.now - started < .seconds(10), "not embedded within 10 s of the import")
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(follower.index.count == 1)
    }
}
