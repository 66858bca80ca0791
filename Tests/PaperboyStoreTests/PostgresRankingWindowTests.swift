import Foundation
@testable import PaperboyPostgres
import PaperboyStore
import Testing

/// `RankingWindowTests` on PostgreSQL: past the window, ranking looks at the newest matches
/// only, and falls back to all of them when the window cannot fill the page. (PostgreSQL's
/// own full-text search, which answers without the in-memory index.)
@Suite("PostgresStore ranking window", .enabled(if: StoreKind.postgresURL != nil, "needs PAPERBOY_TEST_POSTGRES"))
struct PostgresRankingWindowTests {
    @Test func rankingLooksAtTheNewestMatchesOnly() async throws {
        let store = try await PostgresStore.connect(StoreKind.withFreshSchema(StoreKind.postgresURL ?? ""))
        try await store.upsert(RankingWindowTests.papers())
        let windowed = try await store.search(SearchRequest(query: "graph", limit: 2), rankingWindow: 3)
        #expect(windowed.hits.count == 2)
        #expect(windowed.hits.allSatisfy { ["w3", "w4", "w5"].contains($0.paper.id) })
        #expect(windowed.total == 6)
        let all = try await store.search(SearchRequest(query: "graph", limit: 10), rankingWindow: 3)
        #expect(all.hits.first?.paper.id == "w0" && all.hits.count == 6)
        #expect(try await store.search(SearchRequest(query: "graph cat:math.CO", limit: 2), rankingWindow: 3).hits.map(\.paper.id) == ["w1"])
        #expect(try await store.search(SearchRequest(query: "graph", limit: 2)).hits.first?.paper.id == "w0")
    }
}
