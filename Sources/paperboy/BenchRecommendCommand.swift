import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyStore
import Search

/// The offline evaluation of "For you" (quality on simulated readers, against similar-to-
/// centroid in the same run; scripts/bench-recommend.sh adds the tf-idf + linear SVM baseline
/// on the same readers) and its latency.
struct BenchRecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Personal ranking quality (precision@20, nDCG@20) on simulated readers, and latency.")

    @Option(help: ArgumentHelp("SQLite database with papers and their embeddings.", valueName: "path")) var db: String
    @Option(help: "Readers of each kind (author, category).") var readers = 100
    @Option(help: "Papers each reader likes; the rest of their topic is to be found.") var likes = 5
    @Option(help: "Costs of the SVM to compare (comma-separated).") var costs = "0.01,0.1,1"
    @Option(help: "Random seed.") var seed: UInt64 = 7
    @Option(help: ArgumentHelp("Write the readers as JSON here (for the baseline script).", valueName: "path")) var readersOut: String?
    @Flag(help: "Skip the latency part.") var noLatency = false

    static let k = 20

    func run() async throws {
        let store = try SQLiteStore.open(path: db)
        guard let model = try await store.stats().embeddings.max(by: { $0.value < $1.value })?.key else {
            throw CLIError("no embeddings in \(db): run paperboy embed --db \(db)")
        }
        let stored = try await store.embeddings(model: model)
        let dimension = stored.first?.vector.count ?? 0
        let index = VectorIndex(dimension: dimension, capacity: stored.count)
        try index.add(stored)
        let papers = try await store.papers(ids: stored.map(\.id))
        FileHandle.standardError.write(Data("\(papers.count) papers with vectors of \(model)\n".utf8))

        let sources = papers.map { SimulatedReaders.Source(id: $0.id, authors: $0.authors.map(\.name), categories: $0.categories) }
        let people = SimulatedReaders.make(sources, count: readers, likes: likes, sizes: (likes + 3)...60, seed: seed)
        if let readersOut {
            try JSONEncoder().encode(people).write(to: URL(fileURLWithPath: readersOut))
        }
        var methods: [(String, (SimulatedReader) -> [String])] = [("centroid", { reader in
            let centroid = Self.mean(index.rows(for: reader.likes).rows, dimension: dimension)
            return index.search(centroid, k: Self.k, excluding: Set(reader.likes)).map(\.id)
        })]
        for cost in costs.split(separator: ",").compactMap({ Float($0) }) {
            let recommender = Recommender(index: index, cost: cost)
            methods.append(("svm C=\(cost)", { reader in
                guard let trained = recommender.train(liked: reader.likes, seed: seed) else { return [] }
                return recommender.rank(trained, candidates: nil, excluding: Set(reader.likes), limit: Self.k).map(\.id)
            }))
        }
        print("readers: \(people.filter { $0.kind == "author" }.count) authors, \(people.filter { $0.kind == "category" }.count) categories; \(likes) likes each; \(papers.count) papers")
        print("method              kind       precision@20  nDCG@20")
        for (name, rank) in methods {
            for kind in ["author", "category"] {
                let group = people.filter { $0.kind == kind }
                var precision = 0.0, ndcg = 0.0
                for reader in group {
                    let ranked = rank(reader), relevant = Set(reader.hidden)
                    precision += SimulatedReaders.precision(ranked: ranked, relevant: relevant, k: Self.k)
                    ndcg += RetrievalMetrics.ndcg(ranked: ranked, relevant: relevant, k: Self.k)
                }
                let n = Double(max(group.count, 1))
                print(name.padding(toLength: 20, withPad: " ", startingAt: 0) + kind.padding(toLength: 11, withPad: " ", startingAt: 0)
                      + String(format: "%.4f        %.4f", precision / n, ndcg / n))
            }
        }
        if !noLatency { latency(index, people) }
    }

    /// Training and ranking times on pools the size of a busy day and month.
    private func latency(_ index: VectorIndex, _ people: [SimulatedReader]) {
        let recommender = Recommender(index: index)
        var generator = SeededGenerator(state: seed)
        let reader = people.first { $0.kind == "author" } ?? people[0]
        for (label, size) in [("day", 900), ("month", 28_000)] {
            let pool = index.sampleIDs(count: size, using: &generator)
            let times = Self.timed(runs: 30) {
                if let trained = recommender.train(liked: reader.likes, pool: pool) {
                    _ = recommender.rank(trained, candidates: pool, excluding: Set(reader.likes), limit: pool.count)
                }
            }
            print(String(format: "rank one %@ (%d papers, train + score + sort): p50 %.2f ms  p99 %.2f ms", label, pool.count, times.p50, times.p99))
        }
        for positives in [10, 100, 1_000] {
            let seedPaper = index.sampleIDs(count: 1, using: &generator)
            guard let anchor = seedPaper.first.flatMap(index.vector(for:)) else { continue }
            let liked = index.search(anchor, k: positives, candidates: positives * 2).map(\.id)
            let times = Self.timed(runs: 20) { _ = recommender.train(liked: liked) }
            print(String(format: "train on %d positives + %d sampled negatives: p50 %.2f ms  p99 %.2f ms",
                         liked.count, recommender.sampledNegatives, times.p50, times.p99))
        }
    }

    static func timed(runs: Int, _ body: () -> Void) -> (p50: Double, p99: Double) {
        var ms: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            ms.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        }
        ms.sort()
        return (ms[ms.count / 2], ms[min(ms.count - 1, Int(Double(ms.count) * 0.99))])
    }

    static func mean(_ rows: [Float], dimension: Int) -> [Float] {
        var sum = [Float](repeating: 0, count: dimension)
        for (i, x) in rows.enumerated() { sum[i % dimension] += x }
        return sum
    }
}
