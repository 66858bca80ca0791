import Testing
@testable import Embeddings

/// The AVX-512 kernels (fused attention, GELU) against the portable path (sgemm, Swift SIMD)
/// that every other CPU runs: the same model, the same token ids, the same hidden states.
@Suite("fused attention kernels", .enabled(if: BertModel.fusedKernelsSupported(headSize: 32) && TestData.hasModel,
                                            "no AVX-512, or no model folder"))
struct FusedKernelTests {
    static func models() throws -> (fused: BertModel, portable: BertModel, tokenizer: BertTokenizer) {
        let (config, file, tokenizer) = try TestData.modelParts()
        let weights = try BertWeights(file: file, config: config)
        return (BertModel(config: config, weights: weights, fusedKernels: true),
                BertModel(config: config, weights: weights, fusedKernels: false), tokenizer)
    }

    /// Sequences of lengths around the kernels' tiles (8 query rows, 32 keys, 16 lanes), up to
    /// the model's limit, cut from one long text.
    static func sequences(_ tokenizer: BertTokenizer) -> [[Int32]] {
        let text = String(repeating: "Packed attention over sequences of every length, with tails off the tile sizes. ", count: 40)
        let ids = tokenizer.encode(text)
        return [256, 100, 33, 17, 16, 9, 2, 1].map { Array(ids.prefix($0)) }
    }

    // At f32 only: at int8 a rounding difference can move a value across a quantization step,
    // which the kernel tests (Int8KernelTests) cover on their own.
    @Test func sameHiddenStates() throws {
        let (fused, portable, tokenizer) = try Self.models()
        let batch = Self.sequences(tokenizer)
        #expect(batch.map(\.count) == [256, 100, 33, 17, 16, 9, 2, 1])
        let tokens = batch.reduce(0) { $0 + $1.count }
        let width = fused.config.hiddenSize
        // The hidden states live in the workspace: copy them out while it is alive.
        let workspaces = (BertModel.Workspace(), BertModel.Workspace())
        let a = Array(UnsafeBufferPointer(start: fused.forward(batch, workspace: workspaces.0), count: tokens * width))
        let b = Array(UnsafeBufferPointer(start: portable.forward(batch, workspace: workspaces.1), count: tokens * width))
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? .infinity
        #expect(worst <= 1e-4, "largest difference \(worst)")
        #expect(!a.contains { !$0.isFinite })
    }
}
