import PaperboyCore

/// Ranks papers for one person (or one collection) by a linear model of their interests,
/// learned on the spot from paper embeddings: what they liked are the positives, papers
/// sampled from the pool being ranked are the negatives (most of any pool is not what one
/// person wants), and papers marked "not interested" are negatives that weigh like positives.
///
/// Training a few hundred examples takes milliseconds, so nothing is stored: the model is
/// always the person's current signals, and a change of signals changes the next ranking.
public struct Recommender: Sendable {
    public let index: VectorIndex
    /// The SVM's cost (see `bench recommend`, which measures it against the alternatives).
    public var cost: Float
    /// Most negatives sampled from a pool.
    public var sampledNegatives: Int

    public static let tunedCost: Float = 0.1

    public init(index: VectorIndex, cost: Float = Recommender.tunedCost, sampledNegatives: Int = 2_000) {
        self.index = index; self.cost = cost; self.sampledNegatives = sampledNegatives
    }

    /// A trained model and what it needs to explain itself.
    public struct Model: Sendable {
        public let svm: LinearSVM
        /// The liked papers that had vectors, and those unit vectors (row-major), for reasons.
        public let liked: [String]
        let likedRows: [Float]
    }

    public struct Ranked: Sendable, Equatable {
        public var id: String
        public var score: Float
        public init(id: String, score: Float) { self.id = id; self.score = score }
    }

    /// Learns a model, or nil when no liked paper has a vector yet (nothing to learn from).
    /// - Parameters:
    ///   - pool: where negatives are sampled; nil samples the whole index.
    ///   - seed: fixes the sample, so the same signals give the same ranking on every load.
    public func train(liked: [String], notInterested: [String] = [], pool: [String]? = nil, seed: UInt64 = 1) -> Model? {
        let positives = index.rows(for: liked)
        guard !positives.ids.isEmpty else { return nil }
        let known = Set(liked).union(notInterested)
        var generator = SeededGenerator(state: seed)
        let sampled: [String]
        if let pool {
            sampled = Array(pool.filter { !known.contains($0) }.shuffled(using: &generator).prefix(sampledNegatives))
        } else {
            sampled = index.sampleIDs(count: sampledNegatives + known.count, using: &generator).filter { !known.contains($0) }
        }
        let background = index.rows(for: sampled)
        let rejected = index.rows(for: notInterested)

        let rows = positives.rows + background.rows + rejected.rows
        let labels = [Float](repeating: 1, count: positives.ids.count) + [Float](repeating: -1, count: background.ids.count + rejected.ids.count)
        var costs = LinearSVM.balancedCosts(labels: Array(labels.prefix(positives.ids.count + background.ids.count)), c: cost)
        // A paper someone rejected says more than a random one: it costs what a positive does.
        costs += [Float](repeating: costs.first ?? cost, count: rejected.ids.count)
        let svm = LinearSVM.train(rows: rows, dimension: index.dimension, labels: labels, costs: costs, seed: seed)
        return Model(svm: svm, liked: positives.ids, likedRows: positives.rows)
    }

    /// `candidates` best first by the model (those without a vector yet are left out), or,
    /// with no candidates given, the best `limit` of the whole index. `excluding` never appear.
    /// A person's model from their signals: liked papers against samples of `pool`, papers
    /// marked "not interested" as negatives that count like positives.
    public func train(_ signals: InterestSignals, pool: [String]?, seed: UInt64) -> Model? {
        train(liked: signals.liked.map(\.paperID), notInterested: signals.notInterested, pool: pool, seed: seed)
    }

    public func rank(_ model: Model, candidates: [String]?, excluding: Set<String>, limit: Int) -> [Ranked] {
        guard limit > 0 else { return [] }
        guard let candidates else {
            // Cosine to w orders as w·x does for unit vectors, so the index's scan applies.
            let norm = model.svm.weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm > 0, norm.isFinite else { return [] }
            return index.search(model.svm.weights, k: limit, candidates: max(200, limit * 2), excluding: excluding)
                .map { Ranked(id: $0.id, score: $0.score * norm + model.svm.bias) }
        }
        let wanted = candidates.filter { !excluding.contains($0) }
        let scores = index.scores(of: wanted, weights: model.svm.weights)
        var ranked: [Ranked] = []
        ranked.reserveCapacity(wanted.count)
        for (id, score) in zip(wanted, scores) {
            if let score { ranked.append(Ranked(id: id, score: score + model.svm.bias)) }
        }
        ranked.sort { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
        return Array(ranked.prefix(limit))
    }

    /// For each of `ids`, the liked paper nearest to it in meaning: the "because you liked …"
    /// a card shows.
    public func reasons(for ids: [String], model: Model) -> [String: String] {
        let d = index.dimension
        var out: [String: String] = [:]
        let candidates = index.rows(for: ids)
        model.likedRows.withUnsafeBufferPointer { liked in
            candidates.rows.withUnsafeBufferPointer { rows in
                for (c, id) in candidates.ids.enumerated() {
                    var best = -Float.infinity, bestIndex = 0
                    for l in model.liked.indices {
                        let s = DotKernels.dot(liked.baseAddress! + l * d, rows.baseAddress! + c * d, count: d)
                        if s > best { best = s; bestIndex = l }
                    }
                    out[id] = model.liked[bestIndex]
                }
            }
        }
        return out
    }
}
