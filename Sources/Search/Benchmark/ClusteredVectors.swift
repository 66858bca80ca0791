import Foundation
import PaperboyCore

/// Deterministic vectors shaped like sentence embeddings of a paper collection: they bunch
/// around topic centres, each topic with its own spread, so nearest neighbours are close to
/// each other. That is where int8 noise could reorder results; uniform random vectors would
/// make every query either trivial or meaningless. Used by the tests and `bench vectors`.
public struct ClusteredVectors: Sendable {
    public let dimension: Int
    public let centres: [[Float]]
    public let spreads: [Float]
    private var rng: SeededGenerator

    public init(dimension: Int, clusters: Int, seed: UInt64) {
        var rng = SeededGenerator(state: seed)
        self.dimension = dimension
        centres = (0..<clusters).map { _ in rng.gaussianVector(dimension) }
        spreads = (0..<clusters).map { _ in Float.random(in: 0.3...1.0, using: &rng) }
        self.rng = rng
    }

    /// The next vector of topic `cluster`.
    public mutating func member(of cluster: Int) -> [Float] {
        let c = cluster % centres.count
        let spread = spreads[c]
        return centres[c].map { $0 + rng.gaussian() * spread }
    }

    /// `v` moved a little: a query about the same topic as a stored paper.
    public mutating func perturbed(_ v: [Float], by sigma: Float) -> [Float] {
        v.map { $0 + rng.gaussian() * sigma }
    }

    /// `count` vectors cycling through the topics.
    public mutating func members(_ count: Int, startingAt first: Int = 0) -> [[Float]] {
        (first..<(first + count)).map { member(of: $0) }
    }
}

/// Gaussian draws from the seeded generator, for test and benchmark vectors.
extension SeededGenerator {
    /// Standard normal via Box–Muller.
    public mutating func gaussian() -> Float {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return Float((-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2))
    }

    public mutating func gaussianVector(_ dimension: Int, sigma: Float = 1) -> [Float] {
        (0..<dimension).map { _ in gaussian() * sigma }
    }
}
