import Testing
@testable import Search
import PaperboyCore

@Suite struct DotKernelTests {
    @Test(arguments: [32, 64, 384, 1024])
    func int8DotMatchesScalarSum(count: Int) {
        var rng = SeededGenerator(state: UInt64(count))
        // Include the extremes ±127 where an unsigned×signed trick could saturate.
        var a = (0..<count).map { _ in Int8.random(in: -127...127, using: &rng) }
        var b = (0..<count).map { _ in Int8.random(in: -127...127, using: &rng) }
        a[0] = 127; b[0] = 127; a[1] = -127; b[1] = -127; a[2] = -127; b[2] = 127
        let expected = zip(a, b).reduce(Int32(0)) { $0 + Int32($1.0) * Int32($1.1) }
        #expect(DotKernels.dot(a, b, count: count) == expected)
    }

    @Test func int8DotOfAllExtremesDoesNotSaturate() {
        let a = [Int8](repeating: 127, count: 64), b = [Int8](repeating: -127, count: 64)
        #expect(DotKernels.dot(a, b, count: 64) == -127 * 127 * 64)
        #expect(DotKernels.dot(b, b, count: 64) == 127 * 127 * 64)
    }

    @Test(arguments: [1, 7, 16, 33, 384])
    func floatDotMatchesScalarSumIncludingTail(count: Int) {
        var rng = SeededGenerator(state: 99)
        let a = rng.gaussianVector(count), b = rng.gaussianVector(count)
        let expected = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(Double(DotKernels.dot(a, b, count: count)) - expected) < 1e-4 * Double(count))
    }

    @Test func quantisationReconstructsWithinHalfAStep() {
        var rng = SeededGenerator(state: 5)
        let v = rng.gaussianVector(100)
        var codes = [Int8](repeating: 99, count: 128)
        let scale = v.withUnsafeBufferPointer { p in codes.withUnsafeMutableBufferPointer { Quantization.quantize(p, into: $0) } }
        let maxAbs = v.map(abs).max()!
        #expect(abs(scale - maxAbs / 127) < 1e-7)
        #expect(codes.allSatisfy { $0 != -128 })
        #expect(codes.map { abs(Int($0)) }.max() == 127)
        for i in 0..<100 { #expect(abs(Float(codes[i]) * scale - v[i]) <= scale / 2 + 1e-6) }
        #expect(codes[100...].allSatisfy { $0 == 0 }, "padding must be zeroed")
    }

    @Test func topKKeepsTheLargestScores() {
        var rng = SeededGenerator(state: 11)
        let scores = (0..<1000).map { _ in Float.random(in: -1...1, using: &rng) }
        var top = TopK(capacity: 25)
        for (i, s) in scores.enumerated() { top.insert(score: s, slot: i) }
        let expected = scores.enumerated().sorted { $0.element > $1.element }.prefix(25).map(\.offset)
        #expect(top.sorted().map(\.slot) == expected)
    }
}
