import CKernels

/// A linear layer's weights quantized and packed for the int8 kernel (Sources/CKernels), made once
/// at load. Immutable after init, so sharing it between workers is safe.
final class Int8Matrix: @unchecked Sendable {
    private let weights: OpaquePointer
    let outputs: Int
    let inputs: Int
    /// Scratch bytes one `multiply` needs; workers keep their own.
    let scratchBytes: Int

    /// `weight` is [outputs, inputs], row-major. Needs `Precision.int8Supported` to be usable.
    init(_ weight: [Float], outputs: Int, inputs: Int) throws {
        guard let packed = int8_weights_create(weight, Int32(outputs), Int32(inputs)) else {
            throw EmbeddingError.outOfMemory("int8 weights [\(outputs), \(inputs)]")
        }
        weights = packed
        self.outputs = outputs
        self.inputs = inputs
        scratchBytes = Int(int8_gemm_scratch_bytes(packed))
    }

    deinit { int8_weights_destroy(weights) }

    /// out[rows, outputs] ≈ input[rows, inputs] · Wᵀ, plus `bias` and then GELU when given.
    func multiply(_ input: UnsafePointer<Float>, rows: Int, into out: UnsafeMutablePointer<Float>, scratch: UnsafeMutableRawPointer,
                  biasThenGELU bias: UnsafePointer<Float>?) {
        int8_gemm(weights, input, Int32(rows), out, scratch, bias, bias != nil)
    }
}
