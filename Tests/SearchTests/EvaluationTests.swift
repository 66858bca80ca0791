import Foundation
import Testing
import PaperboyCore
import PaperboyStore
import Search

@Suite("Retrieval evaluation (BEIR)")
struct EvaluationTests {
    @Test func ndcgUsesBinaryGainsAndTheIdealFromQrels() {
        // Relevant at ranks 1 and 3 of 2 relevant: DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3).
        let ndcg = RetrievalMetrics.ndcg(ranked: ["a", "x", "b"], relevant: ["a", "b"], k: 10)
        #expect(abs(ndcg - 1.5 / (1 + 1 / log2(3.0))) < 1e-12)
        #expect(RetrievalMetrics.ndcg(ranked: ["a", "b"], relevant: ["a", "b"], k: 10) == 1)
        // Beyond k nothing counts; with more relevant documents than k the ideal stops at k.
        #expect(RetrievalMetrics.ndcg(ranked: ["x", "a"], relevant: ["a"], k: 1) == 0)
        #expect(RetrievalMetrics.ndcg(ranked: ["a"], relevant: ["a", "b", "c"], k: 1) == 1)
    }

    @Test func recallCountsRelevantDocumentsInTheTopK() {
        #expect(RetrievalMetrics.recall(ranked: ["a", "x", "b"], relevant: ["a", "b", "c", "d"], k: 2) == 0.25)
        #expect(RetrievalMetrics.recall(ranked: [], relevant: ["a"], k: 100) == 0)
    }

    @Test func loadsABEIRFolderAndNamesTheBadLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("beir-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("qrels"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"_id": "d1", "title": "Vitamin D", "text": "Vitamin D and bones."}"#.appending("\n")
            .write(to: dir.appendingPathComponent("corpus.jsonl"), atomically: true, encoding: .utf8)
        try "{\"_id\": \"q1\", \"text\": \"vitamin\"}\n{\"_id\": \"q2\", \"text\": \"unjudged\"}\n"
            .write(to: dir.appendingPathComponent("queries.jsonl"), atomically: true, encoding: .utf8)
        try "query-id\tcorpus-id\tscore\nq1\td1\t1\n".write(to: dir.appendingPathComponent("qrels/test.tsv"), atomically: true, encoding: .utf8)
        let dataset = try BEIRDataset.load(from: dir)
        #expect(dataset.corpus.map(\.id) == ["d1"])
        #expect(dataset.queries.map(\.id) == ["q1"])
        #expect(dataset.qrels == ["q1": ["d1": 1]])

        try "query-id\tcorpus-id\tscore\nq1\td1\n".write(to: dir.appendingPathComponent("qrels/test.tsv"), atomically: true, encoding: .utf8)
        #expect { try BEIRDataset.load(from: dir) } throws: { "\($0)".hasSuffix("test.tsv:2: expected query-id<TAB>corpus-id<TAB>score") }
        #expect { try BEIRDataset.load(from: dir, split: "dev") } throws: { "\($0)".contains("dev.tsv") }
    }

    static let scifact: URL? = {
        let shared = ProcessInfo.processInfo.environment["PAPERBOY_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared").standardized
        let folder = shared.appendingPathComponent("data/beir-scifact")
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("corpus.jsonl").path) ? folder : nil
    }()

    // Needs the shared BEIR SciFact copy (never bundled); skipped without it.
    @Test(.enabled(if: scifact != nil, "shared/data/beir-scifact not found (set PAPERBOY_SHARED)"))
    func keywordSearchReachesTheBM25BaselineOnSciFact() async throws {
        let dataset = try BEIRDataset.load(from: Self.scifact!, split: "test")
        let store = try SQLiteStore.inMemory()
        try await store.upsert(RetrievalEvaluation.papers(of: dataset))
        let report = try await RetrievalEvaluation.evaluate(dataset, retrieve: RetrievalEvaluation.keywordRetriever(store))
        #expect(report.queries == 300)
        // BEIR's published BM25 baseline on SciFact is nDCG@10 0.665.
        #expect(report.ndcgAt10 >= 0.66)
        #expect(report.recallAt100 >= 0.85)
    }
}
