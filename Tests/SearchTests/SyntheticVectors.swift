import Foundation

/// Deterministic test data: a seeded generator and clustered vectors that look like sentence
/// embeddings (papers bunch by topic, neighbours are close and close to each other), which is
/// where int8 quantisation noise can actually reorder results.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Standard normal via Box–Muller.
    mutating func gaussian() -> Float {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    mutating func gaussianVector(_ dimension: Int, sigma: Float = 1) -> [Float] {
        (0..<dimension).map { _ in gaussian() * sigma }
    }
}

enum SyntheticVectors {
    /// `count` vectors around `clusters` random centres; each cluster has its own spread so
    /// some are tight (near-duplicates, small score gaps) and some loose.
    static func clustered(count: Int, clusters: Int, dimension: Int, seed: UInt64) -> [[Float]] {
        var rng = SplitMix64(seed: seed)
        let centres = (0..<clusters).map { _ in rng.gaussianVector(dimension) }
        let spreads = (0..<clusters).map { _ in Float.random(in: 0.3...1.0, using: &rng) }
        return (0..<count).map { i in
            let c = i % clusters
            return zip(centres[c], rng.gaussianVector(dimension, sigma: spreads[c])).map { $0 + $1 }
        }
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
