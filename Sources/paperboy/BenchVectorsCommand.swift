import ArgumentParser
import Foundation
import Search

struct BenchVectorsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Vector index latency and recall@10 against a plain f32 scan, on clustered synthetic vectors."
    )

    @Option(help: "Vectors in the index.") var n = 1_000_000
    @Option(help: "Vector dimension (384 for all-MiniLM-L6-v2).") var dimension = 384
    @Option(help: "Topic clusters the vectors are drawn around.") var clusters = 2_000
    @Option(help: "Queries timed.") var queries = 100
    @Option(help: "Int8 winners re-scored in f32.") var candidates = 200
    @Option(help: "Cores the int8 scan is split over.") var threads = 1
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard n > 0, dimension > 0, clusters > 0, queries > 0, candidates > 0, threads > 0 else {
            throw ValidationError("--n, --dimension, --clusters, --queries, --candidates and --threads must be positive")
        }
    }

    func run() async throws {
        var generator = ClusteredVectors(dimension: dimension, clusters: clusters, seed: seed)
        let index = VectorIndex(dimension: dimension, capacity: n)
        let batch = 10_000
        var added = 0
        while added < n {
            let count = min(batch, n - added)
            let vectors = generator.members(count, startingAt: added)
            try index.add(vectors.enumerated().map { ("v\(added + $0.offset)", $0.element) })
            added += count
        }
        // Queries sit near stored vectors of random topics: "papers like this one".
        var rng = SplitMix64(seed: seed &+ 1)
        let queryVectors = (0..<queries).map { _ in
            generator.perturbed(generator.member(of: Int.random(in: 0..<clusters, using: &rng)), by: 0.3)
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

    private func fmt(_ x: Double) -> String { String(format: "%.2f", x) }
}
