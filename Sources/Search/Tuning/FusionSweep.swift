import PaperboyStore

/// Tunes hybrid fusion: retrieves each query's keyword and semantic lists once, then scores
/// every candidate `Fusion` on the same lists. Run it on a *train* split only.
public enum FusionSweep {
    public static let candidates: [Fusion] =
        stride(from: 0.1, through: 0.9, by: 0.1).map { Fusion.scoreBlend(semanticWeight: ($0 * 10).rounded() / 10) }
        + [10.0, 30, 60, 100].flatMap { k in [0.3, 0.5, 0.7].map { Fusion.reciprocalRank(k: k, semanticWeight: $0) } }

    public static func run(_ dataset: BEIRDataset, service: SearchService, candidates: [Fusion] = candidates) async throws -> [(fusion: Fusion, report: EvaluationReport)] {
        var lists: [(relevant: Set<String>, keyword: [(id: String, score: Double)], semantic: [(id: String, score: Double)])] = []
        for query in dataset.queries {
            let request = SearchRequest(query: query.text, limit: service.depth, match: .any)
            let keyword = try await service.search(request, mode: .keyword).hits.map { (id: $0.paper.id, score: $0.score) }
            let semantic = try await service.search(request, mode: .semantic).hits.map { (id: $0.paper.id, score: $0.score) }
            lists.append((Set(dataset.qrels[query.id, default: [:]].keys), keyword, semantic))
        }
        return candidates.map { fusion in
            var ndcg = 0.0, recall = 0.0
            for l in lists {
                let ranked = fusion.fuse(keyword: l.keyword, semantic: l.semantic).map(\.id)
                ndcg += RetrievalMetrics.ndcg(ranked: ranked, relevant: l.relevant, k: 10)
                recall += RetrievalMetrics.recall(ranked: ranked, relevant: l.relevant, k: 100)
            }
            let n = Double(max(1, lists.count))
            return (fusion, EvaluationReport(ndcgAt10: ndcg / n, recallAt100: recall / n, queries: lists.count))
        }.sorted { $0.report.ndcgAt10 > $1.report.ndcgAt10 }
    }
}

extension Fusion: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .scoreBlend(w): "blend(semantic \(w))"
        case let .reciprocalRank(k, w): "rrf(k \(Int(k)), semantic \(w))"
        }
    }
}
