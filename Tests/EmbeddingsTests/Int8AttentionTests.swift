import CKernels
import Testing
@testable import Embeddings

/// The integer attention kernel (Int8Attention.c) against the f32 one (Attention.c) on the same
/// inputs. End to end, the reference texts check the int8 encoder that uses it (Int8EmbeddingTests).
@Suite("int8 attention kernel", .enabled(if: Precision.int8Supported && BertModel.fusedKernelsSupported(headSize: 64),
                                         "the CPU has no AVX-512 VNNI"))
struct Int8AttentionTests {
    enum Kernel { case f32, int8 }

    /// Runs one kernel over one sequence of `n` tokens: `qkv` is [n, 3·heads·d], `bias` [3·heads·d].
    static func attend(_ kernel: Kernel, qkv: [Float], bias: [Float], n: Int, heads: Int, d: Int) -> [Float] {
        let bytes = kernel == .f32 ? attention_scratch_floats(Int32(n), Int32(d)) * 4 : attention_int8_scratch_bytes(Int32(n), Int32(heads), Int32(d))
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 64), alignment: 64)
        defer { scratch.deallocate() }
        var out = [Float](repeating: .nan, count: n * heads * d)
        qkv.withUnsafeBufferPointer { qkv in
            bias.withUnsafeBufferPointer { bias in
                out.withUnsafeMutableBufferPointer { out in
                    switch kernel {
                    case .f32:
                        attention(qkv.baseAddress!, bias.baseAddress!, Int32(n), Int32(heads), Int32(d), out.baseAddress!,
                                  scratch.assumingMemoryBound(to: Float.self))
                    case .int8:
                        attention_int8(qkv.baseAddress!, bias.baseAddress!, Int32(n), Int32(heads), Int32(d), out.baseAddress!, scratch)
                    }
                }
            }
        }
        return out
    }

    /// ‖a − b‖ / ‖b‖.
    static func relativeError(_ a: [Float], _ b: [Float]) -> Float {
        let difference = zip(a, b).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return (difference / b.reduce(0) { $0 + $1 * $1 }).squareRoot()
    }

    // Lengths around the tiles (8 query rows, 32 keys, key pairs) up to the model's limit, and
    // both register layouts (heads of 32: 8 rows; of 64: 4 rows).
    @Test(arguments: [1, 2, 17, 33, 100, 256, 512], [32, 64])
    func closeToF32(n: Int, d: Int) {
        let heads = 384 / d, width = 3 * heads * d
        var random = SeededRandom(seed: UInt64(n * 131 + d))
        // Scores spread over several units, as a trained model's are, plus a few large values.
        let qkv = (0..<n * width).map { i in Float.random(in: -1.5...1.5, using: &random) * (i % 97 == 0 ? 6 : 1) }
        let bias = (0..<width).map { _ in Float.random(in: -0.5...0.5, using: &random) }
        let exact = Self.attend(.f32, qkv: qkv, bias: bias, n: n, heads: heads, d: d)
        let int8 = Self.attend(.int8, qkv: qkv, bias: bias, n: n, heads: heads, d: d)
        // About 0.4% on heads of 32 and up to 1% on heads of 64 here (larger, peakier scores);
        // a wrong scale, pairing or tile gives errors of order one.
        let error = Self.relativeError(int8, exact)
        #expect(error < 0.02, "relative error \(error)")
    }

    /// The longest sequence with equal scores: every softmax weight is the largest, every value
    /// the largest of its dimension, so each int32 sum is as large as it can be. It must not wrap.
    @Test func largestSumsDoNotOverflow() {
        let n = 512, heads = 12, d = 32, hidden = heads * d
        var qkv = [Float](repeating: 0, count: n * 3 * hidden)
        for row in 0..<n {
            for j in 0..<hidden { qkv[row * 3 * hidden + 2 * hidden + j] = j % 2 == 0 ? 1000 : -1000 }
        }
        let bias = [Float](repeating: 0, count: 3 * hidden)
        let out = Self.attend(.int8, qkv: qkv, bias: bias, n: n, heads: heads, d: d)
        let worst = (0..<n * hidden).map { abs(out[$0] - ($0 % 2 == 0 ? 1000 : -1000)) }.max() ?? .infinity
        #expect(worst < 0.01, "largest difference from V \(worst)")
    }

    /// Constant query rows, all-zero keys and values: the degenerate scales give the exact
    /// answer (uniform weights over V, V's bias), not NaN.
    @Test func constantInputsStayFinite() {
        let n = 40, heads = 12, d = 32, hidden = heads * d
        let qkv = (0..<n * 3 * hidden).map { $0 % (3 * hidden) < hidden ? Float(0.75) : 0 }
        let bias = (0..<3 * hidden).map { $0 >= 2 * hidden ? Float($0 % 7) : 0 }
        let out = Self.attend(.int8, qkv: qkv, bias: bias, n: n, heads: heads, d: d)
        let expected = (0..<n * hidden).map { Float((2 * hidden + $0 % hidden) % 7) }
        #expect(out == expected)
    }
}
