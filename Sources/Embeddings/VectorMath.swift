import Foundation

/// Elementwise kernels of the BERT forward pass over 16-lane SIMD vectors (two AVX2 registers
/// or one AVX-512 register), with a scalar path for widths that are not multiples of 16.
enum VectorMath {
    typealias V = SIMD16<Float>
    static let lanes = 16

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> V {
        UnsafeRawPointer(p).loadUnaligned(as: V.self)
    }

    @inline(__always) static func store(_ v: V, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V.self)
    }

    /// e^x, Cephes-style: x = n·ln2 + r, a degree-6 polynomial for e^r, 2^n built in the exponent
    /// bits. Relative error ~1e-7 over the clamped range.
    @inline(__always) static func exp(_ x: V) -> V {
        let x = minimum(maximum(x, V(repeating: -87.3)), V(repeating: 88.3))
        // Adding 1.5·2^23 rounds to an integer, which then sits in the low mantissa bits.
        let shifter = V(repeating: 12_582_912)
        let t = x * V(repeating: 1.442_695_04) + shifter
        let n = t - shifter
        let r = x - n * V(repeating: 0.693_359_375) + n * V(repeating: 2.121_944_4e-4)
        var p = V(repeating: 1.987_569_15e-4)
        p = p * r + V(repeating: 1.398_199_950_7e-3)
        p = p * r + V(repeating: 8.333_451_907_3e-3)
        p = p * r + V(repeating: 4.166_579_589_4e-2)
        p = p * r + V(repeating: 1.666_666_545_9e-1)
        p = p * r + V(repeating: 5.000_000_120_1e-1)
        let y = p * r * r + r + V(repeating: 1)
        let bits = unsafeBitCast(t, to: SIMD16<UInt32>.self) &- 0x4B40_0000 &+ 127
        return y * unsafeBitCast(bits &<< 23, to: V.self)
    }

    /// erf(x) as a rational approximation (Eigen's float erf): within a few ulp, and exactly ±1
    /// beyond |x| = 4 where float32 erf rounds to ±1 anyway.
    @inline(__always) static func erf(_ x: V) -> V {
        let x = minimum(maximum(x, V(repeating: -4)), V(repeating: 4))
        let x2 = x * x
        var p = x2 * V(repeating: -2.726_142_258_013_06e-10) + V(repeating: 2.770_681_424_959_02e-08)
        p = x2 * p + V(repeating: -2.101_024_020_825_08e-06)
        p = x2 * p + V(repeating: -5.692_506_394_623_46e-05)
        p = x2 * p + V(repeating: -7.349_906_303_268_55e-04)
        p = x2 * p + V(repeating: -2.954_599_808_540_25e-03)
        p = x2 * p + V(repeating: -1.609_603_332_624_15e-02)
        p = x * p
        var q = x2 * V(repeating: -1.456_607_184_649_96e-05) + V(repeating: -2.133_740_552_789_05e-04)
        q = x2 * q + V(repeating: -1.682_826_974_382_03e-03)
        q = x2 * q + V(repeating: -7.373_329_167_204_68e-03)
        q = x2 * q + V(repeating: -1.426_473_905_141_89e-02)
        return p / q
    }

    /// The exact GELU, x·Φ(x) = x/2·(1 + erf(x/√2)), as BERT's "gelu" hidden_act.
    @inline(__always) static func gelu(_ x: V) -> V {
        V(repeating: 0.5) * x * (V(repeating: 1) + erf(x * V(repeating: 0.707_106_781_186_547_5)))
    }

    static func gelu(_ x: Float) -> Float {
        var v = V(repeating: 0)
        v[0] = x
        return gelu(v)[0]
    }

    /// rows × width matrix: x = gelu(x + bias) per row.
    static func addBiasGELU(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>) {
        let vectorEnd = width - width % lanes
        for row in 0..<rows {
            let r = x + row * width
            var j = 0
            while j < vectorEnd {
                store(gelu(load(r + j) + load(bias + j)), r + j)
                j += lanes
            }
            while j < width {
                r[j] = gelu(r[j] + bias[j])
                j += 1
            }
        }
    }

    /// rows × width matrix: x += bias per row.
    static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: UnsafePointer<Float>) {
        let vectorEnd = width - width % lanes
        for row in 0..<rows {
            let r = x + row * width
            var j = 0
            while j < vectorEnd {
                store(load(r + j) + load(bias + j), r + j)
                j += lanes
            }
            while j < width {
                r[j] += bias[j]
                j += 1
            }
        }
    }

    /// For each row: x = LayerNorm(x + delta + bias) with the given gamma/beta (the residual
    /// connection, the sublayer's bias and the norm fused in one pass over memory).
    static func residualLayerNorm(_ x: UnsafeMutablePointer<Float>, delta: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                                  rows: Int, width: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float) {
        for row in 0..<rows {
            let r = x + row * width
            let d = delta + row * width
            var j = 0
            while j + lanes <= width {
                store(load(r + j) + load(d + j) + load(bias + j), r + j)
                j += lanes
            }
            while j < width {
                r[j] += d[j] + bias[j]
                j += 1
            }
            layerNorm(r, width: width, gamma: gamma, beta: beta, eps: eps)
        }
    }

    /// One row in place: (x - mean) / sqrt(var + eps) · gamma + beta, two-pass for accuracy.
    static func layerNorm(_ r: UnsafeMutablePointer<Float>, width: Int, gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, eps: Float) {
        let vectorEnd = width - width % lanes
        var acc = V(repeating: 0)
        var j = 0
        while j < vectorEnd {
            acc += load(r + j)
            j += lanes
        }
        var sum = acc.sum()
        while j < width {
            sum += r[j]
            j += 1
        }
        let mean = sum / Float(width)
        let meanV = V(repeating: mean)
        acc = V(repeating: 0)
        j = 0
        while j < vectorEnd {
            let c = load(r + j) - meanV
            acc += c * c
            j += lanes
        }
        var squares = acc.sum()
        while j < width {
            squares += (r[j] - mean) * (r[j] - mean)
            j += 1
        }
        let inverse = 1 / (squares / Float(width) + eps).squareRoot()
        let inverseV = V(repeating: inverse)
        j = 0
        while j < vectorEnd {
            store((load(r + j) - meanV) * inverseV * load(gamma + j) + load(beta + j), r + j)
            j += lanes
        }
        while j < width {
            r[j] = (r[j] - mean) * inverse * gamma[j] + beta[j]
            j += 1
        }
    }

    // Compare-and-blend: reliably vcmpps + vblendvps, where the generic pointwiseMin/Max,
    // `clamped` and `max()` can end up as lane-by-lane loops through the stack.
    @inline(__always) static func maximum(_ a: V, _ b: V) -> V { a.replacing(with: b, where: a .< b) }
    @inline(__always) static func minimum(_ a: V, _ b: V) -> V { a.replacing(with: b, where: b .< a) }

    @inline(__always) static func horizontalMax(_ v: V) -> Float {
        var m = v[0]
        for lane in 1..<lanes { m = Swift.max(m, v[lane]) }
        return m
    }

    /// Softmax of each row of a rows × width matrix stored with the given row stride.
    static func softmaxRows(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, stride: Int) {
        let vectorEnd = width - width % lanes
        for row in 0..<rows {
            let r = x + row * stride
            var maxV = V(repeating: -.infinity)
            var j = 0
            while j < vectorEnd {
                maxV = maximum(maxV, load(r + j))
                j += lanes
            }
            var maximum = horizontalMax(maxV)
            while j < width {
                maximum = max(maximum, r[j])
                j += 1
            }
            let m = V(repeating: maximum)
            var sumV = V(repeating: 0)
            j = 0
            while j < vectorEnd {
                let e = exp(load(r + j) - m)
                store(e, r + j)
                sumV += e
                j += lanes
            }
            var sum = sumV.sum()
            while j < width {
                r[j] = Foundation.exp(r[j] - maximum)
                sum += r[j]
                j += 1
            }
            let inverse = V(repeating: 1 / sum)
            j = 0
            while j < vectorEnd {
                store(load(r + j) * inverse, r + j)
                j += lanes
            }
            while j < width {
                r[j] *= inverse[0]
                j += 1
            }
        }
    }
}
