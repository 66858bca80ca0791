import Foundation
import GRDB
import Testing
@testable import PaperboyStore

/// Vectors stored before precisions were recorded were all made at f32, and say so after the migration.
@Suite("Embeddings: migration to recorded precision")
struct EmbeddingPrecisionMigrationTests {
    @Test func earlierVectorsAreF32() async throws {
        let queue = try DatabaseQueue.migrated(before: "embeddings record their precision")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO paper (id, version, title, abstract, authors, authorNames, categories, primaryCategory, upvotes, deleted, importedAt)
                VALUES ('2501.00001', 1, 'T', 'A.', '[]', '', 'cs.CL', 'cs.CL', 0, 0, '2025-01-01 00:00:00');
                INSERT INTO embedding (model, paperId, vector) VALUES ('m', '2501.00001', x'0000803f');
                """)
        }
        let store = try SQLiteStore(queue)
        #expect(try await store.stats().embeddingPrecisions == ["m": ["f32": 1]])
        #expect(try await store.embeddings(model: "m").first?.vector == [1])
    }
}
