import ArgumentParser
import Foundation
import PaperboyStore
import Search
import Web

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality (nDCG@10, recall@100) on a BEIR dataset folder.")

    enum FusionMethod: String, ExpressibleByArgument, CaseIterable { case blend, rrf }

    @Argument(help: "BEIR folder with corpus.jsonl, queries.jsonl and qrels/.") var folder: String
    @Option(help: "Which qrels file: test or train.") var split = "test"
    @Option(help: "keyword, semantic or hybrid.") var mode: SearchMode = .keyword
    @OptionGroup var model: ModelOptions
    @Option(help: ArgumentHelp("SQLite file that keeps the corpus and its vectors between runs (default: in memory, re-embedded each run).", valueName: "path"))
    var cache: String?
    @Option(help: ArgumentHelp("A database to evaluate instead, such as a postgres:// URL (its search ranks the keywords); use an empty one: the corpus ids are not arXiv ids.", valueName: "path-or-url"))
    var db: String?
    @Option(help: "Hybrid fusion: blend (normalised scores) or rrf (reciprocal ranks); default: the tuned setting.")
    var fusion: FusionMethod?
    @Option(help: "Semantic share of the fused score, 0-1 (with --fusion).") var semanticWeight = 0.5
    @Option(help: "RRF constant k (with --fusion rrf).") var rrfK = 60.0
    @Flag(help: "Print a JSON object.") var json = false
    @Flag(inversion: .prefixedNo, help: "Rank keywords with the in-memory index, as the server does (else FTS5's bm25).")
    var keywordIndex = true
    @Flag(help: "Score a grid of fusion settings (hybrid tuning; use --split train) instead of one run.") var sweep = false

    func validate() throws {
        guard (0...1).contains(semanticWeight) else { throw ValidationError("--semantic-weight must be between 0 and 1") }
        guard rrfK > 0 else { throw ValidationError("--rrf-k must be positive") }
    }

    func run() async throws {
        let dataset = try BEIRDataset.load(from: URL(fileURLWithPath: folder), split: split)
        // A private store: the corpus ids are not arXiv ids and must not mix with real papers.
        let store: any PaperStore = if let db { try await Hub.openStore(db, keywordIndex: keywordIndex) } else {
            try cache.map { try SQLiteStore.open(path: $0, keywordIndex: keywordIndex) } ?? SQLiteStore.inMemory(keywordIndex: keywordIndex)
        }
        try await store.upsert(RetrievalEvaluation.papers(of: dataset))

        let retrieve: @Sendable (String) async throws -> [String]
        if mode == .keyword {
            retrieve = RetrievalEvaluation.keywordRetriever(store)
        } else {
            let embedder = try model.loadModel()
            let service = try await SearchService.load(store: store, embedder: embedder, fusion: chosenFusion)
            let job = EmbeddingJob(store: store, embedder: embedder, index: service.index, batchSize: 256)
            try await job.run { progress in
                FileHandle.standardError.write(Data(String(format: "\rembedded %d/%d (%.1f/s)", progress.embedded, progress.total, progress.papersPerSecond).utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            if sweep {
                for (fusion, report) in try await FusionSweep.run(dataset, service: service) {
                    print(String(format: "%-28@ nDCG@10 %.4f  recall@100 %.4f", fusion.description, report.ndcgAt10, report.recallAt100))
                }
                return
            }
            let mode = self.mode
            retrieve = { text in
                try await service.search(SearchRequest(query: text, limit: 100, match: .any), mode: mode).hits.map(\.paper.id)
            }
        }
        let report = try await RetrievalEvaluation.evaluate(dataset, retrieve: retrieve)
        if json { try CLIJSON.print(report); return }
        print(String(format: "%@ %@ (%d queries, %d documents): nDCG@10 %.4f  recall@100 %.4f",
                     mode.rawValue, split, report.queries, dataset.corpus.count, report.ndcgAt10, report.recallAt100))
    }

    private var chosenFusion: Fusion {
        switch fusion {
        case nil: .tuned
        case .blend: .scoreBlend(semanticWeight: semanticWeight)
        case .rrf: .reciprocalRank(k: rrfK, semanticWeight: semanticWeight)
        }
    }
}

extension SearchMode: ExpressibleByArgument {}
