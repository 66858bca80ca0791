import Foundation
import PaperboyCore
import PaperboyPostgres
import PaperboyStore
import Testing

/// On PostgreSQL the in-memory keyword index ranks as it does on SQLite: for every query of
/// the SQLite suite, on the bundled sample, the same papers in the same order with the same
/// scores, by relevance and newest first.
@Suite("PostgreSQL keyword index ranks as SQLite's", .serialized,
       .enabled(if: StoreKind.postgresURL != nil, "PAPERBOY_TEST_POSTGRES is not set"))
struct PostgresKeywordIndexTests {
    static let stores: Task<(sqlite: SQLiteStore, postgres: PostgresStore), any Error> = Task {
        let postgres = try await PostgresStore.connect(StoreKind.withFreshSchema(StoreKind.postgresURL ?? ""), keywordIndex: true)
        try await postgres.upsert(try KeywordIndexTests.samplePapers())
        await postgres.prepareKeywordIndex()
        return (try await KeywordIndexTests.stores.value.indexed, postgres)
    }

    @Test(arguments: KeywordIndexTests.queries)
    func sameHitsOrderAndScores(query: String) async throws {
        let (sqlite, postgres) = try await Self.stores.value
        for sort in [SearchSort.relevance, .newest] {
            let request = SearchRequest(query: query, sort: sort, offset: 2, limit: 60)
            let expected = try await sqlite.search(request), got = try await postgres.search(request)
            #expect(got.hits.map(\.paper.id) == expected.hits.map(\.paper.id), "\(sort)")
            for (a, b) in zip(got.hits, expected.hits) { #expect(abs(a.score - b.score) <= 1e-6 * max(1, abs(b.score))) }
            // Totals the index counts itself agree; where phrases need confirming, each
            // backend counts with its own full-text search.
            if !query.contains("\"") && !query.contains("-") { #expect(got.total == expected.total, "\(sort)") }
        }
    }

    /// A paper written through another connection (another instance) is found by the next
    /// search, by a word only it has and by a phrase.
    @Test func followsWritesOfAnotherInstance() async throws {
        let url = StoreKind.withFreshSchema(StoreKind.postgresURL ?? "")
        let postgres = try await PostgresStore.connect(url, keywordIndex: true), other = try await PostgresStore.connect(url)
        let papers = try KeywordIndexTests.samplePapers().prefix(50)
        try await other.upsert(Array(papers))
        #expect(try await postgres.search(SearchRequest(query: "learning")).total > 0)
        var paper = try #require(papers.first)
        paper.version += 1
        paper.title = "Zebrafinch song learning: " + paper.title
        try await other.upsert([paper])
        #expect(try await postgres.search(SearchRequest(query: "zebrafinch")).hits.map(\.paper.id) == [paper.id])
        #expect(try await postgres.search(SearchRequest(query: #""zebrafinch song""#)).hits.map(\.paper.id) == [paper.id])
        #expect(try await postgres.search(SearchRequest(query: #""song zebrafinch""#)).hits.isEmpty)
        try await other.delete(ids: [paper.id], checkpoint: nil)
        #expect(try await postgres.search(SearchRequest(query: "zebrafinch")).hits.isEmpty)
    }
}
