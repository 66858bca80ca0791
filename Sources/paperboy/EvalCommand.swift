import ArgumentParser
import Foundation
import PaperboyStore
import Search

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure retrieval quality (nDCG@10, recall@100) on a BEIR dataset folder.")

    enum Mode: String, ExpressibleByArgument, CaseIterable { case keyword, semantic, hybrid }

    @Argument(help: "BEIR folder with corpus.jsonl, queries.jsonl and qrels/.") var folder: String
    @Option(help: "Which qrels file: test or train.") var split = "test"
    @Option(help: "keyword, semantic or hybrid.") var mode: Mode = .keyword
    @Flag(help: "Print a JSON object.") var json = false

    func run() async throws {
        guard mode == .keyword else {
            throw CLIError("--mode \(mode.rawValue) is not available yet: only keyword retrieval is implemented")
        }
        let dataset = try BEIRDataset.load(from: URL(fileURLWithPath: folder), split: split)
        // A private in-memory store: the corpus ids are not arXiv ids and must not mix with real papers.
        let store = try SQLiteStore.inMemory()
        try await store.upsert(RetrievalEvaluation.papers(of: dataset))
        let report = try await RetrievalEvaluation.evaluate(dataset, retrieve: RetrievalEvaluation.keywordRetriever(store))
        if json { try CLIJSON.print(report); return }
        print(String(format: "%@ %@ (%d queries, %d documents): nDCG@10 %.4f  recall@100 %.4f",
                     mode.rawValue, split, report.queries, dataset.corpus.count, report.ndcgAt10, report.recallAt100))
    }
}
