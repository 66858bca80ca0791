import Testing
@testable import Embeddings

@Suite("int8 kernel", .enabled(if: Precision.int8Supported, "the CPU has no AVX-512 VNNI"))
struct Int8KernelTests {
    /// The kernel's arithmetic written out one number at a time: inputs in groups of 64 (the
    /// kernel's GROUP), each group of a weight row int8 over its own largest magnitude, each
    /// group of an input row uint8 over its own range, exact integer sums per group.
    static func reference(_ input: [Float], rows: Int, _ weight: [Float], outputs: Int, inputs: Int) -> [Float] {
        let group = 64
        var out = [Float](repeating: 0, count: rows * outputs)
        for r in 0..<rows {
            for n in 0..<outputs {
                var total: Float = 0
                for start in stride(from: 0, to: inputs, by: group) {
                    let end = min(inputs, start + group)
                    let a = input[(r * inputs + start)..<(r * inputs + end)]
                    let low = a.min() ?? 0, high = a.max() ?? 0
                    let scale: Float = high > low ? (high - low) / 255 : 1
                    let u = a.map { Int32((($0 - low) * (1 / scale)).rounded(.toNearestOrEven)).clamped(0, 255) }
                    let w = weight[(n * inputs + start)..<(n * inputs + end)]
                    let largest = w.map(abs).max() ?? 0
                    let inverse: Float = largest > 0 ? 127 / largest : 0
                    let q = w.map { Int32(($0 * inverse).rounded(.toNearestOrEven)).clamped(-127, 127) }
                    let dot = zip(u, q).reduce(Int32(0)) { $0 + $1.0 * $1.1 }
                    let weightScale = largest / 127
                    total += scale * weightScale * Float(dot) + low * (weightScale * Float(q.reduce(0, +)))
                }
                out[r * outputs + n] = total
            }
        }
        return out
    }

    static func multiply(_ input: [Float], rows: Int, _ weight: [Float], outputs: Int, inputs: Int,
                         biasThenGELU bias: [Float]? = nil) throws -> [Float] {
        let matrix = try Int8Matrix(weight, outputs: outputs, inputs: inputs)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: matrix.scratchBytes, alignment: 64)
        defer { scratch.deallocate() }
        var out = [Float](repeating: .nan, count: rows * outputs)
        input.withUnsafeBufferPointer { a in
            out.withUnsafeMutableBufferPointer { o in
                // rows == 0 passes an empty array, whose base address may be nil: nothing is read.
                guard let a = a.baseAddress, let o = o.baseAddress else { return }
                if let bias {
                    bias.withUnsafeBufferPointer { matrix.multiply(a, rows: rows, into: o, scratch: scratch, biasThenGELU: $0.baseAddress) }
                } else {
                    matrix.multiply(a, rows: rows, into: o, scratch: scratch, biasThenGELU: nil)
                }
            }
        }
        return out
    }

    // Rows and columns off the 4 × 32 block, inputs off the 64-input groups and the 4-byte
    // lanes, and the real layers' shapes.
    @Test(arguments: [(1, 1, 1), (5, 7, 3), (13, 130, 70), (3, 5, 200), (67, 1537, 129), (70, 384, 1152), (9, 1536, 384)])
    func matchesScalarArithmetic(shape: (rows: Int, inputs: Int, outputs: Int)) throws {
        var random = SeededRandom(seed: UInt64(shape.rows * 1_000_003 + shape.inputs * 1009 + shape.outputs))
        let input = (0..<shape.rows * shape.inputs).map { _ in Float.random(in: -2...3, using: &random) }
        let weight = (0..<shape.outputs * shape.inputs).map { _ in Float.random(in: -0.1...0.1, using: &random) }
        let out = try Self.multiply(input, rows: shape.rows, weight, outputs: shape.outputs, inputs: shape.inputs)
        let expected = Self.reference(input, rows: shape.rows, weight, outputs: shape.outputs, inputs: shape.inputs)
        // Integer sums are exact; only the float epilogue's rounding (FMAs there) may differ.
        let worst = zip(out, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= 1e-5)

        // And the quantized product stays near the f32 one: each product's error is bounded
        // by half a step of each operand's grid.
        for r in 0..<shape.rows {
            let row = input[(r * shape.inputs)..<((r + 1) * shape.inputs)]
            for n in 0..<shape.outputs {
                let w = weight[(n * shape.inputs)..<((n + 1) * shape.inputs)]
                let exact = zip(row, w).reduce(Float(0)) { $0 + $1.0 * $1.1 }
                let bound = Float(shape.inputs) * (5.0 / 255 / 2 * 0.1 + 3 * 0.1 / 127 / 2) + 1e-4
                #expect(abs(out[r * shape.outputs + n] - exact) <= bound)
            }
        }
    }

    // The intermediate layer's epilogue: bias and GELU applied as the kernel stores its sums,
    // on widths off the 16-lane vectors too.
    @Test(arguments: [(3, 70, 37), (9, 384, 1536)])
    func fusedBiasAndGELU(shape: (rows: Int, inputs: Int, outputs: Int)) throws {
        var random = SeededRandom(seed: UInt64(shape.outputs))
        let input = (0..<shape.rows * shape.inputs).map { _ in Float.random(in: -2...2, using: &random) }
        let weight = (0..<shape.outputs * shape.inputs).map { _ in Float.random(in: -0.2...0.2, using: &random) }
        let bias = (0..<shape.outputs).map { _ in Float.random(in: -1...1, using: &random) }
        let out = try Self.multiply(input, rows: shape.rows, weight, outputs: shape.outputs, inputs: shape.inputs, biasThenGELU: bias)
        let plain = Self.reference(input, rows: shape.rows, weight, outputs: shape.outputs, inputs: shape.inputs)
        let expected = plain.indices.map { VectorMath.gelu(plain[$0] + bias[$0 % shape.outputs]) }
        let worst = zip(out, expected).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        #expect(worst <= 1e-5)
        #expect(expected.contains { $0 < 0 } && expected.contains { $0 > 1 }, "GELU's both sides are exercised")
    }

    @Test func zeroAndConstantRowsAndChannels() throws {
        let (rows, inputs, outputs) = (6, 9, 20)
        var random = SeededRandom(seed: 7)
        var input = (0..<rows * inputs).map { _ in Float.random(in: -1...1, using: &random) }
        for k in 0..<inputs {
            input[1 * inputs + k] = 0     // an all-zero row
            input[4 * inputs + k] = 0.75  // a constant row, represented exactly
        }
        var weight = (0..<outputs * inputs).map { _ in Float.random(in: -1...1, using: &random) }
        for k in 0..<inputs { weight[3 * inputs + k] = 0 } // an all-zero output channel
        let out = try Self.multiply(input, rows: rows, weight, outputs: outputs, inputs: inputs)
        let expected = Self.reference(input, rows: rows, weight, outputs: outputs, inputs: inputs)
        #expect(zip(out, expected).allSatisfy { abs($0 - $1) <= 1e-5 })
        #expect(out[(1 * outputs)..<(2 * outputs)].allSatisfy { $0 == 0 })
        #expect((0..<rows).allSatisfy { out[$0 * outputs + 3] == 0 })
        #expect(!out.contains { $0.isNaN })
    }

    @Test func noRows() throws {
        #expect(try Self.multiply([], rows: 0, [1, 2, 3, 4], outputs: 2, inputs: 2) == [])
    }
}

private extension Int32 {
    func clamped(_ low: Int32, _ high: Int32) -> Int32 { Swift.min(Swift.max(self, low), high) }
}

/// SplitMix64, so a failing shape fails the same way every run.
struct SeededRandom: RandomNumberGenerator {
    var seed: UInt64
    mutating func next() -> UInt64 {
        seed &+= 0x9E37_79B9_7F4A_7C15
        var z = seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
