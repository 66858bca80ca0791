import PaperboyCore

/// A linear classifier trained by dual coordinate descent on the L2-regularised squared-hinge
/// loss: liblinear's `L2R_L2LOSS_SVC_DUAL`, the solver behind scikit-learn's `LinearSVC`, which
/// arxiv-sanity ranks with. The intercept is learned as a weight on a constant feature, as
/// liblinear does, so it is regularised too.
///
/// Per-example costs carry class balancing: with few positives and many sampled negatives,
/// equal costs would let the negatives drown out the signal.
public struct LinearSVM: Sendable {
    public var weights: [Float]
    public var bias: Float

    public init(weights: [Float], bias: Float) { self.weights = weights; self.bias = bias }

    /// The decision value w·x + b of one row.
    @inline(__always)
    public func score(_ row: UnsafePointer<Float>) -> Float {
        weights.withUnsafeBufferPointer { DotKernels.dot($0.baseAddress!, row, count: $0.count) } + bias
    }

    /// Trains on `rows` (n × dimension, row-major), `labels` (+1/−1) and per-example `costs`.
    /// Stops when the projected gradient spread falls below `tolerance` (liblinear's stopping
    /// rule) or after `maxEpochs` passes; examples are visited in a seeded random order so
    /// training is reproducible.
    public static func train(rows: [Float], dimension: Int, labels: [Float], costs: [Float],
                             tolerance: Float = 0.1, maxEpochs: Int = 200, seed: UInt64 = 1) -> LinearSVM {
        let n = labels.count
        precondition(rows.count == n * dimension && costs.count == n, "one label and one cost per row")
        var w = [Float](repeating: 0, count: dimension)
        var b: Float = 0
        guard n > 0 else { return LinearSVM(weights: w, bias: b) }
        var alpha = [Float](repeating: 0, count: n)
        // The squared hinge adds α/(2C) to the dual: a diagonal shift, no upper bound on α.
        let diagonal = costs.map { 1 / (2 * $0) }
        var order = Array(0..<n)
        var generator = SeededGenerator(state: seed)
        rows.withUnsafeBufferPointer { x in
            w.withUnsafeMutableBufferPointer { w in
                let base = x.baseAddress!, wp = w.baseAddress!
                // Q_ii = x_i·x_i + 1 (the constant feature) + the diagonal shift.
                let qd = (0..<n).map { i in DotKernels.dot(base + i * dimension, base + i * dimension, count: dimension) + 1 + diagonal[i] }
                for _ in 0..<maxEpochs {
                    order.shuffle(using: &generator)
                    var maxPG = -Float.infinity, minPG = Float.infinity
                    for i in order {
                        let row = base + i * dimension
                        let y = labels[i]
                        let g = y * (DotKernels.dot(wp, row, count: dimension) + b) - 1 + diagonal[i] * alpha[i]
                        let pg = alpha[i] == 0 ? min(g, 0) : g
                        maxPG = max(maxPG, pg); minPG = min(minPG, pg)
                        guard abs(pg) > 1e-12 else { continue }
                        let old = alpha[i]
                        alpha[i] = max(old - g / qd[i], 0)
                        let step = (alpha[i] - old) * y
                        for j in 0..<dimension { wp[j] += step * row[j] }
                        b += step
                    }
                    if maxPG - minPG < tolerance { break }
                }
            }
        }
        return LinearSVM(weights: w, bias: b)
    }

    /// Costs that weigh both classes equally whatever their sizes (scikit-learn's
    /// `class_weight="balanced"`): C·n / (2·n_class).
    public static func balancedCosts(labels: [Float], c: Float) -> [Float] {
        let positives = labels.filter { $0 > 0 }.count
        let negatives = labels.count - positives
        let n = Float(labels.count)
        return labels.map { $0 > 0 ? c * n / (2 * Float(max(positives, 1))) : c * n / (2 * Float(max(negatives, 1))) }
    }
}
