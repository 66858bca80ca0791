import Foundation
import GRDB
import Ingest
import PaperboyCore
@testable import PaperboyStore
import Testing

/// The in-memory keyword index against FTS5 on the bundled sample corpus (5,061 real papers):
/// the same matches, the same totals, the same newest-first order, and bm25 scores equal to
/// FTS5's wherever the query has no phrase (phrases are scored from their words by design).
@Suite("SQLite keyword index agrees with FTS5", .serialized)
struct KeywordIndexTests {
    static let sampleFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("sample")

    static func samplePapers() throws -> [Paper] {
        var papers: [Paper] = []
        for file in try FileManager.default.contentsOfDirectory(at: sampleFolder, includingPropertiesForKeys: nil).sorted(by: { $0.path < $1.path })
        where file.lastPathComponent.contains(".jsonl") {
            let source = try ImportSource(url: file)
            while let batch = try source.nextBatch(max: 2_000) { papers += batch.compactMap { try? $0.get() } }
        }
        return papers
    }

    /// Both stores, loaded once for the suite.
    static let stores: Task<(fts: SQLiteStore, indexed: SQLiteStore), any Error> = Task {
        let fts = try SQLiteStore.inMemory(), indexed = try SQLiteStore.inMemory(keywordIndex: true)
        let papers = try samplePapers()
        try await fts.upsert(papers)
        try await indexed.upsert(papers)
        return (fts, indexed)
    }

    /// After the index is built, new papers, new versions and deletions go into a delta
    /// segment; searches still find exactly what FTS5 finds, in the same newest-first order.
    @Test func deltaFollowsInsertsUpdatesAndDeletes() async throws {
        let papers = try Self.samplePapers()
        let first = Array(papers.prefix(4_000)), rest = Array(papers.dropFirst(4_000))
        let fts = try SQLiteStore.inMemory()
        let indexed = try SQLiteStore(DatabaseQueue(configuration: SQLiteStore.makeConfiguration()), rankingWindow: 10_000,
                                      keywordIndex: KeywordIndex.Policy(inlinePapers: 100_000, deltaLimit: 2_000))
        try await fts.upsert(first)
        try await indexed.upsert(first)
        #expect(try await indexed.search(SearchRequest(query: "learning")).total == (try await fts.search(SearchRequest(query: "learning")).total))
        let revised = first.prefix(50).map { paper in
            var p = paper
            p.version += 1
            p.title = "Revised walrus: " + p.title
            return p
        }
        let withdrawn = first[100..<120].map(\.id)
        for store in [fts, indexed] {
            try await store.upsert(rest)
            try await store.upsert(revised)
            try await store.delete(ids: withdrawn, checkpoint: nil)
        }
        let delta = try await indexed.keywordIndex?.current(indexed)?.delta?.documentCount
        #expect(delta == rest.count + revised.count)
        for query in Self.queries + ["walrus", "walrus learning"] {
            let expected = try await Self.everyMatch(query, fts), got = try await Self.everyMatch(query, indexed)
            #expect(got.total == expected.total, "\(query)")
            #expect(Set(got.hits.map(\.paper.id)) == Set(expected.hits.map(\.paper.id)), "\(query)")
        }
        for query in ["learning", "walrus", #""neural network""#] {
            let request = SearchRequest(query: query, sort: .newest, offset: 3, limit: 30)
            #expect(try await indexed.search(request).hits.map(\.paper.id) == (try await fts.search(request).hits.map(\.paper.id)))
        }
        // Past `deltaLimit` changes the base is rebuilt.
        let more = first.dropFirst(200).prefix(2_100).map { paper in
            var p = paper
            p.version += 1
            p.abstract += " Walrus."
            return p
        }
        try await indexed.upsert(more)
        try await fts.upsert(more)
        let view = try await indexed.keywordIndex?.current(indexed)
        #expect(view != nil && view?.delta == nil)
        #expect(try await indexed.search(SearchRequest(query: "walrus")).total == (try await fts.search(SearchRequest(query: "walrus")).total))
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

    /// Updates too big to run inside a search run in the background while FTS5 answers; the
    /// index takes over once they are done, and a write after that is caught up again.
    @Test func bigUpdatesRunInTheBackgroundWhileFTS5Answers() async throws {
        let papers = try Self.samplePapers()
        let indexed = try SQLiteStore(DatabaseQueue(configuration: SQLiteStore.makeConfiguration()), rankingWindow: 10_000,
                                      keywordIndex: KeywordIndex.Policy(inlinePapers: 0, deltaLimit: 100))
        let fts = try SQLiteStore.inMemory()
        try await indexed.upsert(papers)
        try await fts.upsert(papers)
        func view() async throws -> KeywordView? {
            try await indexed.keywordIndex?.current(indexed)
        }
        func ready() async throws -> KeywordView {
            for _ in 0..<600 {
                if let view = try await view() { return view }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw CancellationError()
        }
        // The first search finds no index, starts one and is answered by FTS5 meanwhile.
        let first = try await indexed.search(SearchRequest(query: "learning", limit: 50))
        #expect(first.hits.map(\.paper.id) == (try await fts.search(SearchRequest(query: "learning", limit: 50)).hits.map(\.paper.id)))
        let built = try await ready()
        #expect(built.documentCount == papers.count && built.delta == nil)
        // A new version of one paper: a delta, built in the background too.
        var revised = papers[0]
        revised.version += 1
        revised.title = "Walrus " + revised.title
        try await indexed.upsert([revised])
        try await fts.upsert([revised])
        _ = try await view()
        let updated = try await ready()
        #expect(updated.delta?.documentCount == 1 && updated.base === built.base)
        #expect(try await indexed.search(SearchRequest(query: "walrus")).hits.map(\.paper.id) == [revised.id])
    }

    /// Block-max pruning (plain words, by relevance) returns the page that scoring every
    /// match returns, also when it skips blocks past a small count cap.
    @Test(arguments: ["learning", "neural network", "the of and", "model data -deep", "quantum cat:quant-ph"])
    func blockMaxPruningFindsTheSamePage(query: String) async throws {
        let (_, indexed) = try await Self.stores.value
        let view = try #require(try await indexed.keywordIndex?.current(indexed))
        let tokenized = try TokenizedQuery(KeywordQuery(parsing: query), SearchRequest(query: query), tokenizer: FullTextTokenizer())
        let segment = view.base, compiled = SegmentQuery(tokenized, segment: view.base)
        let alternatives = segment.alternativeMatches(compiled)
        let idfs = alternatives.map { clause in clause.map { KeywordSegment.idf(documents: $0?.count ?? 0, of: segment.documentCount) } }
        let everything = try await segment.top(compiled, alternatives: alternatives, idfs: idfs, sort: .relevance, wanted: 30, hidden: nil) { candidates, _ in Set(candidates) }
        for cap in [10_000, 50, 0] {
            let pruned = try await view.search(tokenized, sort: .relevance, wanted: 30, countCap: cap) { candidates, _ in Set(candidates) }
            #expect(pruned.hits.map(\.rowid) == everything.hits.map(\.rowid))
            #expect(pruned.total == everything.total || (pruned.total == cap && everything.total! > cap))
        }
        // Blocks taken best bound first a few per round, so that rounds follow one another.
        let terms = compiled.clauses.compactMap { $0[0]?[0] }.sorted { segment.postingCount($0) < segment.postingCount($1) }
        let termIDFs = terms.map { KeywordSegment.idf(documents: segment.postingCount($0), of: segment.documentCount) }
        for perRound in [1, 3] {
            let pruned = segment.topByBlockMax(terms: terms, idfs: termIDFs, excluded: compiled.excluded, query: compiled, wanted: 30,
                                               hidden: nil, countCap: 0, blocksPerRound: perRound)
            #expect(pruned.hits.map(\.rowid) == everything.hits.map(\.rowid))
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
