import Foundation
import Testing
import PaperboyCore
import PaperboyStore

/// `prepareUpsert` splits an upsert so an importer can prepare one batch while another is written.
@Suite("PaperStore conformance: prepared upserts")
struct PreparedUpsertTests {
    @Test(arguments: StoreKind.allCases)
    func preparingWritesNothingAndBatchesCommitInTheOrderRun(kind: StoreKind) async throws {
        let store = try await kind.make()
        var bert = Fixtures.bert
        bert.version = 3
        bert.title = "BERT, third version"
        let first = try store.prepareUpsert([Fixtures.attention, Fixtures.bert])
        // Prepared before the first batch is written: bert is still new to the store then, and
        // must be recognised as known once its turn comes.
        let second = try store.prepareUpsert([bert, Fixtures.resnet, Fixtures.attention])
        #expect(try await store.stats().papers == 0)

        #expect(try await first(checkpoint: Checkpoint(source: "test", token: "2")) == UpsertResult(inserted: 2))
        #expect(try await second(checkpoint: Checkpoint(source: "test", token: "5")) == UpsertResult(inserted: 1, updated: 1, unchanged: 1))
        #expect(try await store.paper(id: bert.id)?.title == "BERT, third version")
        #expect(try await store.checkpoint(source: "test")?.token == "5")
        #expect(try await store.stats().papers == 3)
    }
}
