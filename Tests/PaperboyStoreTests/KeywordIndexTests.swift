import Foundation
import Ingest
import PaperboyCore
import PaperboyStore
import Testing

/// The in-memory keyword index against FTS5 on the bundled sample corpus (5,061 real papers):
/// the same matches, the same totals, the same newest-first order, and bm25 scores equal to
/// FTS5's wherever the query has no phrase (phrases are scored from their words by design).
@Suite("SQLite keyword index agrees with FTS5", .serialized)
struct KeywordIndexTests {
    static let sampleFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample")

    /// Both stores, loaded once for the suite.
    static let stores: Task<(fts: SQLiteStore, indexed: SQLiteStore), any Error> = Task {
        let fts = try SQLiteStore.inMemory(), indexed = try SQLiteStore.inMemory(keywordIndex: true)
        for file in try FileManager.default.contentsOfDirectory(at: sampleFolder, includingPropertiesForKeys: nil)
        where file.lastPathComponent.contains(".jsonl") {
            let source = try ImportSource(url: file)
            while let batch = try source.nextBatch(max: 2_000) {
                let papers = batch.compactMap { try? $0.get() }
                try await fts.upsert(papers)
                try await indexed.upsert(papers)
            }
        }
        return (fts, indexed)
    }

    static let queries = [
        "learning", "transformer", "diffusion models", "graph neural networks", "quantum", "privacy attacks",
        "robot manipulation", "LLM agents", "reinforcement OR bandit", "language -vision", "retrieval cat:cs.IR",
        "learning cat:cs.* -cat:cs.LG", "agents since:2026-03-01", "segmentation until:2026-02-20",
        #""large language models""#, #""chain of thought""#, #"reasoning -"chain of thought""#, "GPT-4",
        "author:wang", #"author:"yoshua bengio""#, "author:li learning", "self-supervised", "über naïve café",
        "zzzqqq", "the of and",
    ]

    @Test(arguments: queries)
    func sameMatchesTotalsAndScores(query: String) async throws {
        let (fts, indexed) = try await Self.stores.value
        let expected = try await Self.everyMatch(query, fts), got = try await Self.everyMatch(query, indexed)
        #expect(got.total == expected.total)
        let gotIDs = Set(got.hits.map(\.paper.id)), expectedIDs = Set(expected.hits.map(\.paper.id))
        #expect(gotIDs.count == got.hits.count, "a paper came twice")
        #expect(gotIDs.subtracting(expectedIDs).isEmpty && expectedIDs.subtracting(gotIDs).isEmpty)
        guard !query.contains("\"") && !query.contains("-") && !query.contains("author:") else { return }
        let ftsScores = Dictionary(uniqueKeysWithValues: expected.hits.map { ($0.paper.id, $0.score) })
        for hit in got.hits {
            let reference = try #require(ftsScores[hit.paper.id])
            #expect(abs(hit.score - reference) <= 1e-4 * max(1, abs(reference)), "\(hit.paper.id)")
        }
    }

    /// Every match, page by page (a page holds at most 1,000).
    static func everyMatch(_ query: String, _ store: SQLiteStore) async throws -> (hits: [SearchHit], total: Int) {
        var hits: [SearchHit] = [], total = 0
        repeat {
            let page = try await store.search(SearchRequest(query: query, offset: hits.count, limit: 1_000))
            hits += page.hits
            total = page.total
            if page.hits.isEmpty { break }
        } while hits.count < total
        return (hits, total)
    }

    @Test(arguments: ["learning", "quantum cat:quant-ph", #""neural network""#])
    func sameNewestFirstOrderAndPages(query: String) async throws {
        let (fts, indexed) = try await Self.stores.value
        for offset in [0, 7] {
            let request = SearchRequest(query: query, sort: .newest, offset: offset, limit: 25)
            #expect(try await indexed.search(request).hits.map(\.paper.id) == (try await fts.search(request).hits.map(\.paper.id)))
        }
    }

    @Test func relevancePagesTileTheRanking() async throws {
        let (_, indexed) = try await Self.stores.value
        let all = try await indexed.search(SearchRequest(query: "learning", limit: 60)).hits.map(\.paper.id)
        var paged: [String] = []
        for offset in stride(from: 0, to: 60, by: 20) {
            paged += try await indexed.search(SearchRequest(query: "learning", offset: offset, limit: 20)).hits.map(\.paper.id)
        }
        #expect(all.count == 60 && paged == all)
    }
}
