import Foundation
import PaperboyCore
import PaperboyStore
import Testing
@testable import Search

@Suite struct SearchServiceTests {
    static let papers = [
        Paper(id: "2401.00001", title: "Automobile braking systems", abstract: "We study vehicle brakes.",
              categories: ["eess.SY"], published: date("2024-01-02")),
        Paper(id: "2401.00002", title: "Car sharing in cities", abstract: "Urban car use and parking.",
              categories: ["cs.CY"], published: date("2024-01-03")),
        Paper(id: "2401.00003", title: "Enzyme kinetics", abstract: "Protein folding rates of an enzyme.",
              categories: ["q-bio.BM"], published: date("2024-01-04")),
        Paper(id: "2401.00004", title: "Galaxy rotation curves", abstract: "Star motion in a galaxy and cosmology.",
              categories: ["astro-ph.GA"], published: date("2024-01-05")),
        Paper(id: "2402.00005", title: "Deep neural network pruning", abstract: "Pruning a deep network.",
              categories: ["cs.LG"], published: date("2024-02-01")),
        Paper(id: "2402.00006", title: "Vehicle routing with neural networks", abstract: "A deep network routes each vehicle.",
              categories: ["cs.LG", "math.OC"], published: date("2024-02-02")),
    ]

    static func date(_ s: String) -> Date { Day(s)!.date }

    /// A store with the papers, all embedded, and a service over it.
    static func makeService(embedder: ConceptEmbedder = ConceptEmbedder()) async throws -> SearchService {
        let store = try SQLiteStore.inMemory()
        try await store.upsert(papers)
        let index = VectorIndex(dimension: embedder.dimension)
        try await EmbeddingJob(store: store, embedder: embedder, index: index).run()
        return SearchService(store: store, index: index, embedder: embedder)
    }

    @Test func semanticFindsSynonymsThatKeywordMisses() async throws {
        let service = try await Self.makeService()
        let keyword = try await service.search(SearchRequest(query: "automobile"), mode: .keyword)
        #expect(keyword.hits.map(\.paper.id) == ["2401.00001"])
        let semantic = try await service.search(SearchRequest(query: "automobile", limit: 3), mode: .semantic)
        #expect(Set(semantic.hits.prefix(2).map(\.paper.id)) == ["2401.00001", "2401.00002"])
        #expect(zip(semantic.hits, semantic.hits.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func hybridKeepsKeywordMatchesFirstAndAddsSemanticOnes() async throws {
        let service = try await Self.makeService()
        let hybrid = try await service.search(SearchRequest(query: "automobile", limit: 10), mode: .hybrid)
        let ids = hybrid.hits.map(\.paper.id)
        // The paper matching both ways outranks the one matching by meaning only.
        #expect(ids.first == "2401.00001")
        #expect(ids.contains("2401.00002"))
        #expect(hybrid.terms == ["automobile"])
    }

    @Test func filtersApplyToSemanticResults() async throws {
        let service = try await Self.makeService()
        let lg = try await service.search(SearchRequest(query: "car", filter: CategoryFilter(include: ["cs.LG"])), mode: .semantic)
        #expect(lg.hits.first?.paper.id == "2402.00006")
        #expect(lg.hits.allSatisfy { $0.paper.categories.contains("cs.LG") })

        let inQuery = try await service.search(SearchRequest(query: "car -cat:cs.CY until:2024-01-31"), mode: .semantic)
        #expect(inQuery.hits.first?.paper.id == "2401.00001")
        #expect(inQuery.hits.allSatisfy { $0.paper.id != "2401.00002" && $0.paper.feedDay! <= Day("2024-01-31")! })

        let excluded = try await service.search(SearchRequest(query: "vehicle -brakes"), mode: .semantic)
        #expect(!excluded.hits.contains { $0.paper.id == "2401.00001" })
    }

    @Test func withoutEmbedderSemanticFallsBackToKeywordAndSaysSo() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.upsert(Self.papers)
        let service = SearchService(store: store, index: VectorIndex(dimension: 6), embedder: nil)
        let results = try await service.search(SearchRequest(query: "enzyme"), mode: .hybrid)
        #expect(results.hits.map(\.paper.id) == ["2401.00003"])
        #expect(results.notes.contains { $0.contains("not available") })
    }

    @Test func similarPapersExcludeItselfAndRespectFilters() async throws {
        let service = try await Self.makeService()
        let similar = try #require(try await service.similar(to: "2401.00001", limit: 2))
        #expect(similar.map(\.paper.id) == ["2401.00002", "2402.00006"] || similar.map(\.paper.id) == ["2402.00006", "2401.00002"])
        let filtered = try #require(try await service.similar(to: "2401.00001", limit: 5, filter: CategoryFilter(include: ["cs.LG"])))
        #expect(filtered.first?.paper.id == "2402.00006")
        #expect(filtered.allSatisfy { $0.paper.categories.contains("cs.LG") })
        #expect(try await service.similar(to: "9999.99999") == nil)
    }

    @Test func similarEmbedsAPaperThatHasNoVectorYet() async throws {
        let service = try await Self.makeService()
        try await service.store.upsert([Paper(id: "2403.00007", title: "Peptide design", abstract: "New enzyme.")])
        let similar = try #require(try await service.similar(to: "2403.00007", limit: 1))
        #expect(similar.map(\.paper.id) == ["2401.00003"])
    }
}

@Suite struct EmbeddingJobTests {
    @Test func embedsEachPaperOnceAndResumes() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.upsert(SearchServiceTests.papers)
        let embedder = ConceptEmbedder()
        let index = VectorIndex(dimension: embedder.dimension)
        let job = EmbeddingJob(store: store, embedder: embedder, index: index, batchSize: 2)

        #expect(try await job.run(limit: 3) == 3)
        var progress = await job.progress
        #expect(progress.embedded == 3 && progress.total == 6 && !progress.running)
        #expect(try await store.embeddingCount(model: embedder.id) == 3)

        // A new job (a restarted server) picks up the rest only.
        let again = EmbeddingJob(store: store, embedder: embedder, index: index, batchSize: 4)
        #expect(try await again.run() == 3)
        #expect(try await again.run() == 0)
        progress = await again.progress
        #expect(progress.embedded == 6 && progress.remaining == 0)
        #expect(embedder.embeddedTexts.count == 6, "no paper embedded twice")
        #expect(index.count == 6)
        #expect(embedder.embeddedTexts.contains("Enzyme kinetics. Protein folding rates of an enzyme."))
    }

    @Test func loadIndexRestoresStoredVectors() async throws {
        let store = try SQLiteStore.inMemory()
        try await store.upsert(SearchServiceTests.papers)
        let embedder = ConceptEmbedder()
        try await EmbeddingJob(store: store, embedder: embedder, index: VectorIndex(dimension: embedder.dimension)).run()
        let loaded = try await SearchService.loadIndex(from: store, model: embedder.id, dimension: embedder.dimension)
        #expect(loaded.count == 6)
        #expect(loaded.neighbours(of: "2401.00003", k: 6)?.contains { $0.id == "2401.00003" } == false)
    }
}

@Suite struct FusionTests {
    @Test func reciprocalRankSumsOneOverKPlusRank() {
        let fused = Fusion.reciprocalRank(k: 10, semanticWeight: 0.5)
            .fuse(keyword: [("a", 9), ("b", 5)], semantic: [("b", 0.9), ("c", 0.8)])
        // b: 0.5/12 + 0.5/11 = 0.0871; a: 0.5/11 = 0.0455; c: 0.5/12 = 0.0417
        #expect(fused.map(\.id) == ["b", "a", "c"])
        #expect(abs(fused[0].score - (0.5 / 12 + 0.5 / 11)) < 1e-12)
    }

    @Test func scoreBlendNormalisesEachList() {
        // bm25 scores in the tens, cosines below one: without normalisation keyword would win.
        let fused = Fusion.scoreBlend(semanticWeight: 0.7)
            .fuse(keyword: [("a", 30), ("b", 10)], semantic: [("b", 0.9), ("a", 0.5)])
        // a: 0.3·1 + 0.7·0 = 0.3; b: 0.3·0 + 0.7·1 = 0.7
        #expect(fused.map(\.id) == ["b", "a"])
        #expect(abs(fused[0].score - 0.7) < 1e-12 && abs(fused[1].score - 0.3) < 1e-12)
    }

    @Test func embeddingTextJoinsTitleAndAbstract() {
        #expect(EmbeddingText.of(title: "A title", body: "Body.") == "A title. Body.")
        #expect(EmbeddingText.of(title: "A question?", body: "Body.") == "A question? Body.")
        #expect(EmbeddingText.of(title: " ", body: "Body.") == "Body.")
    }
}

@Suite struct SemanticQueryTests {
    @Test func plainQuestionsAreEmbeddedAsTyped() {
        #expect(SemanticQuery(SearchRequest(query: "  What   causes  protein misfolding? ")).text == "What causes protein misfolding?")
    }

    @Test func operatorsAreStrippedBeforeEmbedding() {
        let q = SemanticQuery(SearchRequest(query: "protein folding -prion cat:q-bio.* since:2020-01-01 author:Smith"))
        #expect(q.text == "protein folding")
        #expect(q.filters)
        #expect(SemanticQuery(SearchRequest(query: "cat:cs.CL")).isEmpty)
    }
}

@Suite struct FusionSweepTests {
    @Test func scoresEveryCandidateBestFirst() async throws {
        let service = try await SearchServiceTests.makeService()
        // "car" is relevant to both car papers; keyword alone finds only one of them.
        let dataset = BEIRDataset(corpus: [], queries: [(id: "q1", text: "car")],
                                  qrels: ["q1": ["2401.00001": 1, "2401.00002": 1]])
        let results = try await FusionSweep.run(dataset, service: service)
        #expect(results.count == FusionSweep.candidates.count)
        #expect(zip(results, results.dropFirst()).allSatisfy { $0.report.ndcgAt10 >= $1.report.ndcgAt10 })
        #expect(results.first!.report.recallAt100 == 1)
    }
}
