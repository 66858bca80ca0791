import Foundation
import Testing
@testable import Embeddings

@Suite("VectorMath")
struct VectorMathTests {
    @Test func erfMatchesLibm() {
        var worst: Float = 0
        for i in -6000...6000 {
            let x = Float(i) / 1000
            var v = SIMD16<Float>(repeating: 0)
            v[0] = x
            worst = max(worst, abs(VectorMath.erf(v)[0] - Float(Foundation.erf(Double(x)))))
        }
        #expect(worst < 3e-7)
    }

    @Test func expMatchesLibm() {
        var worst: Double = 0
        for i in -8700...8800 {
            let x = Float(i) / 100
            var v = SIMD16<Float>(repeating: 0)
            v[0] = x
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(VectorMath.exp(v)[0]) - exact) / exact)
        }
        #expect(worst < 5e-7)
    }

    @Test func geluAndSoftmax() {
        // GELU(1) = Φ(1) = 0.8413447460685429
        #expect(abs(VectorMath.gelu(1) - 0.841_344_75) < 1e-6)
        // GELU(-3) = -3·Φ(-3) = -0.00404969409; 1 + erf cancels here, so float32 gets ~1e-7 off.
        #expect(abs(VectorMath.gelu(-3) - (-0.004_049_694_09)) < 3e-7)
        // Softmax of 21 values (a vector part and a scalar tail) against the plain formula.
        var row = (0..<21).map { Float($0 % 7) - 2.5 }
        let expected = row.map { Foundation.exp(Double($0)) }
        let total = expected.reduce(0, +)
        row.withUnsafeMutableBufferPointer { VectorMath.softmaxRows($0.baseAddress!, rows: 1, width: 21, stride: 21) }
        for (got, e) in zip(row, expected) { #expect(abs(Double(got) - e / total) < 1e-7) }
    }

    @Test func layerNormMatchesDefinition() {
        var row = (0..<40).map { Float($0 * $0 % 13) * 0.3 - 1 }
        let gamma = (0..<40).map { 1 + Float($0) / 40 }
        let beta = (0..<40).map { Float($0) / 100 }
        let mean = row.map(Double.init).reduce(0, +) / 40
        let variance = row.map { (Double($0) - mean) * (Double($0) - mean) }.reduce(0, +) / 40
        let expected = row.indices.map { (Double(row[$0]) - mean) / (variance + 1e-12).squareRoot() * Double(gamma[$0]) + Double(beta[$0]) }
        row.withUnsafeMutableBufferPointer { VectorMath.layerNorm($0.baseAddress!, width: 40, gamma: gamma, beta: beta, eps: 1e-12) }
        for (got, e) in zip(row, expected) { #expect(abs(Double(got) - e) < 1e-5) }
    }
}
