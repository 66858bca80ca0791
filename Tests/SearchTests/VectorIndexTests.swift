import Testing
@testable import Search
import PaperboyCore

@Suite struct VectorIndexTests {
    static let dimension = 384

    static func makeIndex(_ vectors: [[Float]]) throws -> VectorIndex {
        let index = VectorIndex(dimension: dimension)
        try index.add(vectors.enumerated().map { ("p\($0.offset)", $0.element) })
        return index
    }

    @Test func recallAtTenOnClusteredVectorsIsAtLeast99Percent() throws {
        let vectors = SyntheticVectors.clustered(count: 10_000, clusters: 100, dimension: Self.dimension, seed: 1)
        let index = try Self.makeIndex(vectors)
        var rng = SeededGenerator(state: 2)
        var found = 0, wanted = 0
        for q in 0..<30 {
            // A query near (not on) an existing vector: the realistic "similar topic" case.
            let base = vectors[(q * 397) % vectors.count]
            let query = zip(base, rng.gaussianVector(Self.dimension, sigma: 0.3)).map { $0 + $1 }
            let truth = Set(SyntheticVectors.exactTopK(query, in: vectors, k: 10).map { "p\($0)" })
            let got = index.search(query, k: 10)
            #expect(got.count == 10)
            found += got.filter { truth.contains($0.id) }.count
            wanted += 10
        }
        let recall = Double(found) / Double(wanted)
        #expect(recall >= 0.99, "recall@10 = \(recall)")
    }

    @Test func scoresAreCosinesAndSortedBestFirst() throws {
        let vectors = SyntheticVectors.clustered(count: 2_000, clusters: 20, dimension: Self.dimension, seed: 3)
        let index = try Self.makeIndex(vectors)
        let query = vectors[7].map { $0 * 3 }  // scale must not matter
        let got = index.search(query, k: 5)
        #expect(got.first?.id == "p7")
        #expect(abs(got[0].score - 1) < 1e-5)
        #expect(zip(got, got.dropFirst()).allSatisfy { $0.score >= $1.score })
    }

    @Test func exactSearchAgreesWithIndependentReference() throws {
        let vectors = SyntheticVectors.clustered(count: 3_000, clusters: 30, dimension: Self.dimension, seed: 4)
        let index = try Self.makeIndex(vectors)
        let query = vectors[123]
        #expect(index.exactSearch(query, k: 10).map(\.id) == SyntheticVectors.exactTopK(query, in: vectors, k: 10).map { "p\($0)" })
    }

    @Test func multiThreadedScanGivesTheSameAnswer() throws {
        let vectors = SyntheticVectors.clustered(count: 20_000, clusters: 50, dimension: Self.dimension, seed: 5)
        let index = try Self.makeIndex(vectors)
        for q in [0, 999, 15_000] {
            #expect(index.search(vectors[q], k: 10, threads: 1) == index.search(vectors[q], k: 10, threads: 4))
        }
    }

    @Test func neighboursExcludeThePaperItself() throws {
        let vectors = SyntheticVectors.clustered(count: 1_000, clusters: 10, dimension: Self.dimension, seed: 6)
        let index = try Self.makeIndex(vectors)
        let got = try #require(index.neighbours(of: "p42", k: 10))
        #expect(got.count == 10)
        #expect(!got.contains { $0.id == "p42" })
        // Members of the same cluster (i % 10 == 2) are the nearest.
        #expect(got.allSatisfy { Int($0.id.dropFirst())! % 10 == 2 })
        #expect(index.neighbours(of: "nope", k: 10) == nil)
    }

    @Test func replaceAndRemoveKeepTheIndexConsistent() throws {
        var rng = SeededGenerator(state: 7)
        let a = rng.gaussianVector(Self.dimension), b = rng.gaussianVector(Self.dimension), c = rng.gaussianVector(Self.dimension)
        let index = VectorIndex(dimension: Self.dimension)
        try index.add([("x", a), ("y", b), ("z", c)])
        #expect(index.count == 3)

        try index.add(id: "x", vector: c)  // replace: x now points where z does
        #expect(index.count == 3)
        #expect(Set(index.search(c, k: 2).map(\.id)) == ["x", "z"])
        #expect(index.search(a, k: 3).allSatisfy { $0.score < 0.5 })

        #expect(index.remove(id: "x"))  // not the last slot: z moves into it
        #expect(!index.remove(id: "x"))
        #expect(index.count == 2)
        #expect(index.search(c, k: 1).map(\.id) == ["z"])
        #expect(index.search(b, k: 1).map(\.id) == ["y"])
        let storedZ = try #require(index.vector(for: "z"))
        let norm = c.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(zip(storedZ, c).allSatisfy { abs($0 - $1 / norm) < 1e-6 })
    }

    @Test func badVectorsAreRejectedWithTheirId() {
        let index = VectorIndex(dimension: 4)
        #expect(throws: VectorIndexError.dimensionMismatch(id: "short", expected: 4, got: 3)) {
            try index.add(id: "short", vector: [1, 2, 3])
        }
        #expect(throws: VectorIndexError.degenerateVector(id: "zero")) {
            try index.add([("ok", [1, 0, 0, 0]), ("zero", [0, 0, 0, 0])])
        }
        #expect(index.count == 0, "a rejected batch stores nothing")
        #expect(index.search([1, 2, 3], k: 3).isEmpty, "wrong query dimension gives no results")
    }

    @Test func oddDimensionsArePadded() throws {
        let vectors = SyntheticVectors.clustered(count: 500, clusters: 5, dimension: 50, seed: 8)
        let index = VectorIndex(dimension: 50)
        try index.add(vectors.enumerated().map { ("p\($0.offset)", $0.element) })
        #expect(index.search(vectors[3], k: 10).map(\.id) == SyntheticVectors.exactTopK(vectors[3], in: vectors, k: 10).map { "p\($0)" })
    }
}
