/// How the keyword and semantic rankings are merged into one.
public enum Fusion: Sendable, Hashable {
    /// Reciprocal rank fusion: Σ weight / (k + rank). Ignores score scales entirely.
    case reciprocalRank(k: Double, semanticWeight: Double)
    /// Each list's scores min-max normalised to 0...1 over its own top results, then
    /// (1 − w)·keyword + w·semantic; a document missing from a list gets 0 from it.
    case scoreBlend(semanticWeight: Double)

    /// Tuned on SciFact *train* qrels (`paperboy eval DIR --split train --mode hybrid --sweep`,
    /// all-MiniLM-L6-v2): blend 0.4 scored nDCG@10 0.7356, 0.5 0.7350, the best RRF (k 10,
    /// 0.5) 0.7332. The test split was only used to report the final number.
    public static let tuned = Fusion.scoreBlend(semanticWeight: 0.4)

    /// Merged ids, best first, with their fused scores.
    public func fuse(keyword: [(id: String, score: Double)], semantic: [(id: String, score: Double)]) -> [(id: String, score: Double)] {
        var fused: [String: Double] = [:]
        switch self {
        case let .reciprocalRank(k, w):
            for (rank, hit) in keyword.enumerated() { fused[hit.id, default: 0] += (1 - w) / (k + Double(rank + 1)) }
            for (rank, hit) in semantic.enumerated() { fused[hit.id, default: 0] += w / (k + Double(rank + 1)) }
        case let .scoreBlend(w):
            for (id, s) in Self.normalised(keyword) { fused[id, default: 0] += (1 - w) * s }
            for (id, s) in Self.normalised(semantic) { fused[id, default: 0] += w * s }
        }
        // Ties: keyword order first, then semantic order, so results are deterministic.
        var firstSeen: [String: Int] = [:]
        for (i, id) in (keyword.map(\.id) + semantic.map(\.id)).enumerated() where firstSeen[id] == nil { firstSeen[id] = i }
        return fused.map { (id: $0.key, score: $0.value) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : firstSeen[$0.id]! < firstSeen[$1.id]! }
    }

    static func normalised(_ list: [(id: String, score: Double)]) -> [(String, Double)] {
        guard let hi = list.map(\.score).max(), let lo = list.map(\.score).min() else { return [] }
        let span = hi - lo
        return list.map { ($0.id, span > 0 ? ($0.score - lo) / span : 1) }
    }
}
