import CKernels

/// The arithmetic of the encoder's matrix products. The softmax, layer norms, pooling and
/// normalisation always run in f32.
public enum Precision: String, Sendable, CaseIterable {
    /// The layers that tolerate it (`BertWeights.LinearKind.int8Tolerant`) on the int8 kernel
    /// and attention's products on integers (Sources/CKernels, AVX-512 VNNI); vectors stay
    /// within cosine 0.999 of f32 (Int8EmbeddingTests).
    case int8
    /// OpenBLAS sgemm: matches sentence-transformers to cosine 0.99999.
    case f32

    /// Whether this CPU has the instructions the int8 kernel needs.
    public static let int8Supported = int8_gemm_supported()

    /// int8 where the CPU runs it, else f32.
    public static var best: Precision { int8Supported ? .int8 : .f32 }

    /// What a request for `self` gets on this CPU: int8 falls back to f32 without VNNI.
    var available: Precision { self == .int8 && !Self.int8Supported ? .f32 : self }
}
