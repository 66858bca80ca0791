import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("PaperStore conformance: upsert, lookup, delete, checkpoints")
struct UpsertConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func insertsThenRecognisesTheSameRecords(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.upsert(Fixtures.all) == UpsertResult(inserted: 5))
        #expect(try await store.upsert(Fixtures.all) == UpsertResult(unchanged: 5))
        #expect(try await store.stats().papers == 5)
    }

    @Test(arguments: StoreKind.allCases)
    func versionChangesWithEveryWriteThatChangesSomething(kind: StoreKind) async throws {
        let store = try await kind.make()
        let empty = try await store.version()
        try await store.upsert([Fixtures.attention])
        let one = try await store.version()
        #expect(one != empty)
        try await store.upsert([Fixtures.attention])
        #expect(try await store.version() == one, "an unchanged re-import is not a change")
        var v6 = Fixtures.attention
        v6.version = 6
        v6.title = "Attention, revised"
        try await store.upsert([v6])
        let updated = try await store.version()
        #expect(updated != one)
        #expect(try await store.paperCount() == 1)
        try await store.delete(ids: [Fixtures.attention.id], checkpoint: nil)
        #expect(try await store.version() != updated)
        #expect(try await store.paperCount() == 0)
        #expect(try await store.stats().papers == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentWritersOfTheSamePapersInsertEachOnce(kind: StoreKind) async throws {
        let store = try await kind.make()
        let batches = [Fixtures.all, Fixtures.all.reversed(), Array(Fixtures.all.dropFirst(2)), Fixtures.all.shuffled()]
        let total = try await withThrowingTaskGroup(of: UpsertResult.self) { group in
            for batch in batches { group.addTask { try await store.upsert(batch) } }
            return try await group.reduce(UpsertResult(), +)
        }
        #expect(total == UpsertResult(inserted: 5, unchanged: 13))
        #expect(try await store.paperCount() == 5)
        #expect(try await store.paper(id: Fixtures.quantum.id) == Fixtures.quantum)
    }

    @Test(arguments: StoreKind.allCases)
    func roundTripsEveryField(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        #expect(try await store.paper(id: Fixtures.attention.id) == Fixtures.attention)
        #expect(try await store.paper(id: Fixtures.quantum.id) == Fixtures.quantum)
        #expect(try await store.paper(id: "9999.99999") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func newerVersionUpdatesAndKeepsFirstVersionDates(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        var v3 = Fixtures.bert
        v3.version = 3
        v3.title = "BERT, revised"
        v3.published = Fixtures.date("2019-05-24") // what a v3-only source calls its date
        v3.announced = nil
        #expect(try await store.upsert([v3]) == UpsertResult(updated: 1))
        let stored = try #require(try await store.paper(id: Fixtures.bert.id))
        #expect(stored.title == "BERT, revised")
        #expect(stored.version == 3)
        #expect(stored.published == Fixtures.bert.published)
        #expect(stored.announced == Fixtures.bert.announced)
        // An older version arriving later changes nothing.
        #expect(try await store.upsert([Fixtures.bert]) == UpsertResult(unchanged: 1))
        #expect(try await store.search(SearchRequest(query: "revised")).hits.map(\.paper.id) == [Fixtures.bert.id])
        #expect(try await store.search(SearchRequest(query: "unlabeled")).hits.map(\.paper.id) == [Fixtures.bert.id])
    }

    @Test(arguments: StoreKind.allCases)
    func duplicatesInOneBatchCountOnce(kind: StoreKind) async throws {
        let store = try await kind.make()
        var v6 = Fixtures.attention
        v6.version = 6
        #expect(try await store.upsert([Fixtures.attention, v6]) == UpsertResult(inserted: 1))
        #expect(try await store.paper(id: Fixtures.attention.id)?.version == 6)
    }

    @Test(arguments: StoreKind.allCases)
    func papersComeInTheOrderAsked(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        let ids = [Fixtures.resnet.id, "0000.00000", Fixtures.attention.id]
        #expect(try await store.papers(ids: ids).map(\.id) == [Fixtures.resnet.id, Fixtures.attention.id])
    }

    @Test(arguments: StoreKind.allCases)
    func deletedPapersDisappearAndStayDeleted(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        try await store.delete(ids: [Fixtures.resnet.id], checkpoint: Checkpoint(source: "oai", token: "t1"))
        #expect(try await store.paper(id: Fixtures.resnet.id) == nil)
        #expect(try await store.search(SearchRequest(query: "residual")).hits.isEmpty)
        #expect(try await store.listing(ListingRequest(range: .day(Day("2015-12-11")!))).papers.isEmpty)
        #expect(try await store.stats().papers == 4)
        #expect(try await store.checkpoint(source: "oai")?.token == "t1")
        #expect(try await store.upsert([Fixtures.resnet]) == UpsertResult(unchanged: 1))
        #expect(try await store.paper(id: Fixtures.resnet.id) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func checkpointIsSavedWithThePapers(kind: StoreKind) async throws {
        let store = try await kind.make()
        #expect(try await store.checkpoint(source: "kaggle") == nil)
        let when = Fixtures.date("2025-01-01")
        try await store.upsert([Fixtures.bert], checkpoint: Checkpoint(source: "kaggle", token: "line 1", datestamp: "2025-01-01", updatedAt: when))
        try await store.upsert([Fixtures.resnet], checkpoint: Checkpoint(source: "kaggle", token: "line 2", datestamp: "2025-01-02", updatedAt: when))
        #expect(try await store.checkpoint(source: "kaggle") == Checkpoint(source: "kaggle", token: "line 2", datestamp: "2025-01-02", updatedAt: when))
    }

    @Test(arguments: StoreKind.allCases)
    func acceptsIdsThatAreNotArxivIds(kind: StoreKind) async throws {
        let store = try await kind.make()
        try await store.upsert([Paper(id: "4983", title: "Microstructural development of human newborn cerebral white matter", abstract: "Alterations of the architecture of cerebral white matter in the developing human brain.")])
        #expect(try await store.search(SearchRequest(query: "cerebral")).hits.map(\.paper.id) == ["4983"])
    }
}
