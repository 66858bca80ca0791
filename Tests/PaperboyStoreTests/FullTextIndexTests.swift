import Foundation
import GRDB
import Testing
import PaperboyCore
import PaperboyStore

/// The full-text index is fed once per upsert batch rather than by a trigger per paper; these
/// check it still agrees with the live papers after every kind of write, and that the check
/// itself notices when it does not.
@Suite("SQLite full-text index stays in step with the papers")
struct FullTextIndexTests {
    @Test func agreesAfterInsertsUpdatesDeletesAndMixedBatches() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.upsert(Array(Fixtures.all.prefix(2)))
        try await store.checkFullTextIndex()

        var bert = Fixtures.bert
        bert.version = 3
        bert.title = "BERT revisited with zebras"
        // One batch: an update of an indexed paper, new papers, and an unchanged one.
        #expect(try await store.upsert([bert] + Fixtures.all.dropFirst(2) + [Fixtures.attention])
                == UpsertResult(inserted: 3, updated: 1, unchanged: 1))
        try await store.checkFullTextIndex()
        #expect(try await store.search(SearchRequest(query: "zebras")).hits.map(\.paper.id) == [bert.id])
        #expect(try await store.search(SearchRequest(query: "residual")).hits.map(\.paper.id) == [Fixtures.resnet.id])

        try await store.delete(ids: [Fixtures.resnet.id], checkpoint: nil)
        try await store.checkFullTextIndex()
        #expect(try await store.search(SearchRequest(query: "residual")).hits.isEmpty)
    }

    @Test func otherWritersStillGetTheTrigger() async throws {
        let queue = try DatabaseQueue()
        let store = try SQLiteStore(queue)
        try await store.upsert(Fixtures.all)
        // No batch flag survives a committed upsert, so a plain INSERT is indexed by the trigger.
        try await queue.write { db in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM paperFTSBatch") == 0)
            try db.execute(sql: """
                INSERT INTO paper (id, version, title, abstract, authors, authorNames, categories, upvotes, deleted, importedAt)
                VALUES ('x.1', 1, 'Okapi migration', 'Okapis walk far.', '[]', '', 'q-bio.PE', 0, 0, '2025-01-01 00:00:00')
                """)
        }
        try await store.checkFullTextIndex()
        #expect(try await store.search(SearchRequest(query: "okapi")).hits.map(\.paper.id) == ["x.1"])
    }

    @Test func checkNoticesAPaperMissingFromTheIndex() async throws {
        let queue = try DatabaseQueue()
        let store = try SQLiteStore(queue)
        try await store.upsert(Fixtures.all)
        // A writer that raised the batch flag and never fed the index.
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO paperFTSBatch (open) VALUES (1);
                INSERT INTO paper (id, version, title, abstract, authors, authorNames, categories, upvotes, deleted, importedAt)
                VALUES ('x.2', 1, 'Unindexed', 'Never fed to the index.', '[]', '', 'cs.DB', 0, 0, '2025-01-01 00:00:00');
                DELETE FROM paperFTSBatch;
                """)
        }
        await #expect(throws: DatabaseError.self) { try await store.checkFullTextIndex() }
    }
}
