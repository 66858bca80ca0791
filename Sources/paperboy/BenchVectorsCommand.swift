import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyStore
import Search

struct BenchVectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Vector index latency and recall@10 against a plain f32 scan, on clustered synthetic or jittered real vectors."
    )

    @Option(help: "Vectors in the index.") var n = 1_000_000
    @Option(help: "Vector dimension (384 for all-MiniLM-L6-v2).") var dimension = 384
    @Option(help: "Topic clusters the vectors are drawn around.") var clusters = 2_000
    @Option(help: "Queries timed.") var queries = 100
    @Option(help: "Int8 winners re-scored in f32.") var candidates = 200
    @Option(help: "Cores the int8 scan is split over.") var threads = 1
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: ArgumentHelp("Take real vectors from this SQLite database (e.g. an eval --cache) and grow them to --n by jittering copies, instead of synthetic clusters.", valueName: "path"))
    var vectorsFrom: String?
    @Option(help: "Noise added to each copied real vector, per dimension (with --vectors-from).") var jitter: Float = 0.01
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard n > 0, dimension > 0, clusters > 0, queries > 0, candidates > 0, threads > 0 else {
            throw ValidationError("--n, --dimension, --clusters, --queries, --candidates and --threads must be positive")
        }
    }

    func run() async throws {
        let real = try await realVectors()
        let dimension = real?.first?.count ?? self.dimension
        var generator = ClusteredVectors(dimension: dimension, clusters: clusters, seed: seed)
        // Real vectors: copies jittered so the index holds n distinct rows with the model's
        // geometry. Synthetic: rows cycling through the topic clusters.
        func row(_ i: Int) -> [Float] {
            guard let real else { return generator.member(of: i) }
            let base = real[i % real.count]
            return i < real.count ? base : generator.perturbed(base, by: jitter)
        }
        let index = VectorIndex(dimension: dimension, capacity: n)
        let batch = 10_000
        var added = 0
        while added < n {
            let count = min(batch, n - added)
            try index.add((added..<(added + count)).map { ("v\($0)", row($0)) })
            added += count
        }
        // Queries sit near stored vectors: "papers like this one".
        var rng = SeededGenerator(state: seed &+ 1)
        let queryVectors = (0..<queries).map { _ in
            generator.perturbed(row(Int.random(in: 0..<n, using: &rng)), by: real == nil ? 0.3 : 3 * jitter)
        }
        let result = VectorBenchmark(queries: queryVectors, candidates: candidates, threads: threads).run(on: index)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
        } else {
            print("""
                vectors \(result.vectors) × \(result.dimension), \(result.queries) queries, \(result.threads) thread(s), \(result.candidates) candidates
                int8 index : p50 \(fmt(result.int8.p50Milliseconds)) ms   p99 \(fmt(result.int8.p99Milliseconds)) ms
                f32 scan   : p50 \(fmt(result.f32Scan.p50Milliseconds)) ms   p99 \(fmt(result.f32Scan.p99Milliseconds)) ms
                speedup    : \(fmt(result.speedup))× (f32 p50 / int8 p50)
                recall@10  : \(String(format: "%.4f", result.recallAt10)) (int8 + rescoring vs exact f32)
                """)
        }
    }

    /// The stored vectors of the database's most embedded model, or nil without --vectors-from.
    private func realVectors() async throws -> [[Float]]? {
        guard let vectorsFrom else { return nil }
        let store = try SQLiteStore.open(path: vectorsFrom)
        guard let model = try await store.stats().embeddings.max(by: { $0.value < $1.value })?.key else {
            throw CLIError("no embeddings in \(vectorsFrom)")
        }
        let vectors = try await store.embeddings(model: model).map(\.vector)
        FileHandle.standardError.write(Data("using \(vectors.count) real vectors of \(model)\n".utf8))
        return vectors
    }

    private func fmt(_ x: Double) -> String { String(format: "%.2f", x) }
}
