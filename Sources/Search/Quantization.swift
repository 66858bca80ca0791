/// Symmetric per-vector int8 quantisation: code = round(x / scale), scale = max|x| / 127, so
/// x ≈ code · scale. Codes stay in -127...127 (never -128, which the dot kernel relies on).
enum Quantization {
    /// Writes the codes of `vector` into `codes` (same length) and returns the scale.
    static func quantize(_ vector: UnsafeBufferPointer<Float>, into codes: UnsafeMutableBufferPointer<Int8>) -> Float {
        precondition(vector.count <= codes.count)
        var maxAbs: Float = 0
        for x in vector { maxAbs = max(maxAbs, abs(x)) }
        guard maxAbs > 0, maxAbs.isFinite else {
            for i in codes.indices { codes[i] = 0 }
            return 0
        }
        let inverse = 127 / maxAbs
        for i in vector.indices {
            codes[i] = Int8(max(-127, min(127, (vector[i] * inverse).rounded())))
        }
        for i in vector.count..<codes.count { codes[i] = 0 }
        return maxAbs / 127
    }

    /// The vector scaled to unit length, or nil when it has no direction (all zero, NaN, inf).
    static func normalized(_ vector: [Float]) -> [Float]? {
        var sumSquares: Float = 0
        for x in vector { sumSquares += x * x }
        guard sumSquares > 0, sumSquares.isFinite else { return nil }
        let inverse = 1 / sumSquares.squareRoot()
        return vector.map { $0 * inverse }
    }
}
