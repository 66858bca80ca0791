import Foundation
import Testing
import PaperboyCore
import PaperboyStore

/// SQLite-specific: past `rankingWindow` matches, ranking looks at the newest ones only,
/// and falls back to all matches when the window cannot fill the page.
@Suite("SQLiteStore ranking window")
struct RankingWindowTests {
    static func papers() -> [Paper] {
        // Paper 0 says "graph" five times: the best bm25 match, but the oldest row.
        (0..<6).map { i in
            Paper(id: "w\(i)", title: i == 0 ? "graph graph graph" : "Paper \(i)",
                  abstract: i == 0 ? "graph graph" : "A graph and many other words to make it longer than the first \(i).",
                  categories: [i == 1 ? "math.CO" : "cs.DS"], published: Fixtures.date("2024-03-0\(i + 1)"))
        }
    }

    @Test func rankingLooksAtTheNewestMatchesOnly() async throws {
        let store = try SQLiteStore.inMemory(rankingWindow: 3)
        try await store.upsert(Self.papers())
        let windowed = try await store.search(SearchRequest(query: "graph", limit: 2))
        #expect(windowed.hits.count == 2)
        #expect(windowed.hits.allSatisfy { ["w3", "w4", "w5"].contains($0.paper.id) })
        #expect(windowed.total == 6)
        // A page the window cannot fill searches every match: the best one comes first again.
        let all = try await store.search(SearchRequest(query: "graph", limit: 10))
        #expect(all.hits.first?.paper.id == "w0" && all.hits.count == 6)
        // A filter that empties the window falls back too.
        #expect(try await store.search(SearchRequest(query: "graph cat:math.CO", limit: 2)).hits.map(\.paper.id) == ["w1"])
    }

    @Test func pastTheCountCapTheTotalIsTheCap() async throws {
        let store = try SQLiteStore.inMemory(rankingWindow: SQLiteStore.searchCountCap)
        let n = SQLiteStore.searchCountCap + 5
        try await store.upsert((0..<n).map { Paper(id: "c\($0)", title: "Graph \($0)", abstract: "A graph.") })
        let results = try await store.search(SearchRequest(query: "graph", limit: 2))
        #expect(results.hits.count == 2)
        #expect(results.total == SQLiteStore.searchCountCap)
        // Filters must still be counted: one category holds none of them.
        #expect(try await store.search(SearchRequest(query: "graph cat:math.CO", limit: 2)).total == 0)
    }

    @Test func withoutAWindowTheBestMatchWins() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.upsert(Self.papers())
        #expect(try await store.search(SearchRequest(query: "graph", limit: 2)).hits.first?.paper.id == "w0")
    }
}
