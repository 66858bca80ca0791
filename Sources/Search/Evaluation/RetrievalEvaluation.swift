import Foundation
import PaperboyCore
import PaperboyStore

/// Runs a retriever over a BEIR split and averages nDCG@10 and recall@100.
public enum RetrievalEvaluation {
    /// `retrieve` returns document ids, best first (at least 100 for recall@100).
    public static func evaluate(_ dataset: BEIRDataset, retrieve: (String) async throws -> [String]) async throws -> EvaluationReport {
        var ndcg = 0.0, recall = 0.0
        for query in dataset.queries {
            let relevant = Set(dataset.qrels[query.id, default: [:]].keys)
            let ranked = try await retrieve(query.text)
            ndcg += RetrievalMetrics.ndcg(ranked: ranked, relevant: relevant, k: 10)
            recall += RetrievalMetrics.recall(ranked: ranked, relevant: relevant, k: 100)
        }
        let n = Double(dataset.queries.count)
        return EvaluationReport(ndcgAt10: ndcg / n, recallAt100: recall / n, queries: dataset.queries.count)
    }

    /// The corpus as papers (BEIR ids are not arXiv ids; the store takes any id).
    public static func papers(of dataset: BEIRDataset) -> [Paper] {
        dataset.corpus.map { Paper(id: $0.id, title: $0.title, abstract: $0.text) }
    }

    /// Keyword retrieval the way natural-language questions are searched: any word, bm25.
    public static func keywordRetriever(_ store: any PaperStore, depth: Int = 100) -> @Sendable (String) async throws -> [String] {
        { text in
            try await store.search(SearchRequest(query: text, limit: depth, match: .any)).hits.map(\.paper.id)
        }
    }
}
