import Foundation

/// The BEIR / pytrec_eval definitions with binary gains: a document is relevant when its
/// qrels score is above 0.
public enum RetrievalMetrics {
    /// DCG of the top `k` (gain 1 / log2(rank + 1)) over the DCG of an ideal ranking that puts
    /// every relevant document first.
    public static func ndcg(ranked: [String], relevant: Set<String>, k: Int) -> Double {
        guard !relevant.isEmpty else { return 0 }
        var dcg = 0.0
        for (i, id) in ranked.prefix(k).enumerated() where relevant.contains(id) { dcg += 1 / log2(Double(i + 2)) }
        let ideal = (0..<min(k, relevant.count)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        return dcg / ideal
    }

    /// The share of relevant documents found in the top `k`.
    public static func recall(ranked: [String], relevant: Set<String>, k: Int) -> Double {
        guard !relevant.isEmpty else { return 0 }
        return Double(Set(ranked.prefix(k)).intersection(relevant).count) / Double(relevant.count)
    }
}

/// Mean metrics over a split's queries.
public struct EvaluationReport: Sendable, Codable, Equatable {
    public var ndcgAt10: Double
    public var recallAt100: Double
    public var queries: Int
    enum CodingKeys: String, CodingKey { case ndcgAt10 = "ndcg_at_10", recallAt100 = "recall_at_100", queries }
    public init(ndcgAt10: Double, recallAt100: Double, queries: Int) {
        self.ndcgAt10 = ndcgAt10; self.recallAt100 = recallAt100; self.queries = queries
    }
}
