import Search

enum SyntheticVectors {
    static func clustered(count: Int, clusters: Int, dimension: Int, seed: UInt64) -> [[Float]] {
        var gen = ClusteredVectors(dimension: dimension, clusters: clusters, seed: seed)
        return gen.members(count)
    }

    /// Reference cosine top-k in Double, written independently of the index's code.
    static func exactTopK(_ query: [Float], in vectors: [[Float]], k: Int) -> [Int] {
        let q = query.map(Double.init)
        var scored: [(Int, Double)] = []
        scored.reserveCapacity(vectors.count)
        for (i, v) in vectors.enumerated() {
            var dot = 0.0, norm = 0.0
            for j in 0..<v.count { dot += q[j] * Double(v[j]); norm += Double(v[j]) * Double(v[j]) }
            scored.append((i, dot / norm.squareRoot()))  // |query| is the same for every row
        }
        return scored.sorted { $0.1 > $1.1 }.prefix(k).map(\.0)
    }
}
