import Dispatch

/// Measures `VectorIndex.search` against a plain f32 scan of the same index in the same run:
/// latency percentiles for both, their ratio, and recall@k of the int8 path against the f32 one.
public struct VectorBenchmark: Sendable {
    public struct Latency: Sendable, Codable {
        public var p50Milliseconds: Double
        public var p99Milliseconds: Double
        init(_ samples: [Double]) {
            let s = samples.sorted()
            func pct(_ p: Double) -> Double { s.isEmpty ? 0 : s[min(s.count - 1, Int((p * Double(s.count)).rounded(.up)) - 1)] }
            p50Milliseconds = pct(0.50); p99Milliseconds = pct(0.99)
        }
    }

    public struct Result: Sendable, Codable {
        public var vectors: Int
        public var dimension: Int
        public var queries: Int
        public var threads: Int
        public var candidates: Int
        public var int8: Latency
        public var f32Scan: Latency
        /// f32 p50 / int8 p50: how many times faster the index is than the plain scan.
        public var speedup: Double
        public var recallAt10: Double
    }

    public var queries: [[Float]]
    public var k = 10
    public var candidates = 200
    public var threads = 1

    public init(queries: [[Float]], k: Int = 10, candidates: Int = 200, threads: Int = 1) {
        self.queries = queries; self.k = k; self.candidates = candidates; self.threads = threads
    }

    public func run(on index: VectorIndex) -> Result {
        // Warm up caches, page tables and the thread pool before timing.
        for q in queries.prefix(3) { _ = index.search(q, k: k, candidates: candidates, threads: threads) }
        var fast: [Double] = [], slow: [Double] = []
        var hits = 0
        for q in queries {
            let (approx, tFast) = Self.timed { index.search(q, k: k, candidates: candidates, threads: threads) }
            let (exact, tSlow) = Self.timed { index.exactSearch(q, k: k) }
            fast.append(tFast); slow.append(tSlow)
            hits += Set(approx.map(\.id)).intersection(exact.map(\.id)).count
        }
        let int8 = Latency(fast), f32 = Latency(slow)
        return Result(vectors: index.count, dimension: index.dimension, queries: queries.count, threads: threads,
                      candidates: candidates, int8: int8, f32Scan: f32,
                      speedup: f32.p50Milliseconds / max(int8.p50Milliseconds, 1e-9),
                      recallAt10: Double(hits) / Double(max(1, queries.count * k)))
    }

    private static func timed<T>(_ body: () -> T) -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let value = body()
        return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
}
