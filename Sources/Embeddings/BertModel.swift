import CBLAS
import CKernels

/// The BERT encoder forward pass over OpenBLAS sgemm, with the linear layers that have int8
/// copies (see `BertWeights.quantize`) on the int8 kernel instead.
///
/// A batch is "packed": the sequences' tokens are laid end to end (no padding), so every
/// per-token step (projections, LayerNorm, GELU) runs on exactly the real tokens, and attention
/// runs per sequence over its own rows, which is what an attention mask over padding computes.
struct BertModel: Sendable {
    let config: ModelConfig
    let weights: BertWeights
    /// Attention and GELU on the AVX-512 kernels (Sources/CKernels/Attention.c) rather than
    /// sgemm and Swift SIMD: the same f32 arithmetic without a general GEMM's packing of such
    /// small matrices or a separate softmax pass.
    let fusedKernels: Bool
    /// At int8 precision (the layers have int8 copies) with fused kernels on a CPU with VNNI,
    /// attention's products run on integers too (Int8Attention.c), except for sequences that
    /// keep exact Q, K and V (`exactQKVLength`).
    let int8Attention: Bool

    /// Whether this CPU runs the fused kernels for a model with heads of `headSize`.
    static func fusedKernelsSupported(headSize: Int) -> Bool {
        attention_supported() && attention_head_size_supported(Int32(headSize))
    }

    init(config: ModelConfig, weights: BertWeights, fusedKernels: Bool? = nil) {
        self.config = config
        self.weights = weights
        self.fusedKernels = fusedKernels ?? Self.fusedKernelsSupported(headSize: config.headSize)
        self.int8Attention = self.fusedKernels && int8_gemm_supported() && weights.layers.contains { $0.qkv.int8 != nil }
    }

    /// Scratch memory for one forward pass, reused across batches by one worker.
    final class Workspace {
        private(set) var hidden = Buffer()       // [tokens, hidden]: the running hidden states
        private(set) var qkv = Buffer()          // [a step's tokens, 3·hidden]
        private(set) var context = Buffer()      // [a step's tokens, hidden]: attention output per head
        private(set) var projected = Buffer()    // [a step's tokens, hidden]: a sublayer's output before the residual
        private(set) var intermediate = Buffer() // [feedForwardRows, intermediate]
        private(set) var scores = Buffer()       // [length, length]: one head's attention matrix
        private(set) var int8Scratch = Buffer()  // the int8 kernel's quantized input rows (bytes, as floats)
        private(set) var attentionScratch = Buffer() // the fused attention's tiles (either kernel's)

        /// Room for a batch; attention needs `scores` on the portable path and
        /// `attentionScratch` on the fused ones.
        func reserve(tokens: Int, longest: Int, config: ModelConfig, fusedAttention: Bool, int8Attention: Bool) {
            hidden.reserve(tokens * config.hiddenSize)
            let step = min(tokens, max(longest, BertModel.attentionRows))
            qkv.reserve(step * 3 * config.hiddenSize)
            context.reserve(step * config.hiddenSize)
            projected.reserve(max(step, min(tokens, BertModel.feedForwardRows)) * config.hiddenSize)
            intermediate.reserve(min(tokens, BertModel.feedForwardRows) * config.intermediateSize)
            if fusedAttention {
                let int8Floats = int8Attention ? (attention_int8_scratch_bytes(Int32(longest), Int32(config.headCount), Int32(config.headSize)) + 3) / 4 : 0
                attentionScratch.reserve(max(attention_scratch_floats(Int32(longest), Int32(config.headSize)), int8Floats))
            } else {
                scores.reserve(longest * longest)
            }
        }

        func reserveInt8Scratch(bytes: Int) {
            int8Scratch.reserve((bytes + 3) / 4)
        }
    }

    /// A growable, 64-byte aligned float buffer (no zeroing, no per-batch allocation).
    struct Buffer: ~Copyable {
        private(set) var pointer = UnsafeMutablePointer<Float>(bitPattern: 64)!
        private var capacity = 0

        mutating func reserve(_ count: Int) {
            guard count > capacity else { return }
            if capacity > 0 { pointer.deallocate() }
            pointer = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride, alignment: 64)
                .bindMemory(to: Float.self, capacity: count)
            capacity = count
        }

        deinit {
            if capacity > 0 { pointer.deallocate() }
        }
    }

    /// Runs the encoder over `sequences` (token ids, each at most `maxSequenceLength` long) and
    /// returns the last hidden states, packed: row `offsets[i] + t` is token t of sequence i.
    func forward(_ sequences: [[Int32]], workspace: Workspace) -> UnsafeMutablePointer<Float> {
        let tokens = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.map(\.count).max() ?? 0
        workspace.reserve(tokens: tokens, longest: longest, config: config, fusedAttention: fusedKernels,
                          int8Attention: int8Attention)
        let x = workspace.hidden.pointer

        embed(sequences, into: x)
        for layer in weights.layers {
            attentionBlock(layer, sequences: sequences, workspace: workspace)
            feedForwardBlock(layer, tokens: tokens, workspace: workspace)
        }
        return x
    }

    /// x = LayerNorm(word + position + token type 0).
    private func embed(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        weights.wordEmbeddings.withUnsafeBufferPointer { words in
        weights.positionEmbeddings.withUnsafeBufferPointer { positions in
        weights.tokenType0.withUnsafeBufferPointer { type0 in
        weights.embeddingNorm.gamma.withUnsafeBufferPointer { gamma in
        weights.embeddingNorm.beta.withUnsafeBufferPointer { beta in
            var row = x
            for sequence in sequences {
                for (position, id) in sequence.enumerated() {
                    let word = words.baseAddress! + Int(id) * h
                    let pos = positions.baseAddress! + position * h
                    for j in 0..<h { row[j] = word[j] + pos[j] + type0[j] }
                    VectorMath.layerNorm(row, width: h, gamma: gamma.baseAddress!, beta: beta.baseAddress!, eps: config.layerNormEps)
                    row += h
                }
            }
        }}}}}
    }

    /// x = LayerNorm(x + SelfAttention(x)·Wo + bo).
    /// Runs a few sequences at a time (`attentionRows`): their Q, K, V and attention output then
    /// stay in L2 from the product that makes them to the one that reads them, instead of going
    /// to memory and back, as a whole batch's would.
    private func attentionBlock(_ layer: BertWeights.Layer, sequences: [[Int32]], workspace: Workspace) {
        let h = config.hiddenSize
        var first = 0
        var start = 0
        while first < sequences.count {
            var end = first + 1
            var rows = sequences[first].count
            while end < sequences.count, rows + sequences[end].count <= Self.attentionRows {
                rows += sequences[end].count
                end += 1
            }
            let step = Array(sequences[first..<end])
            projectQKV(workspace.hidden.pointer + start * h, sequences: step, layer.qkv, into: workspace.qkv.pointer, workspace: workspace)
            attend(step, layer: layer, workspace: workspace)
            linear(workspace.context.pointer, rows: rows, layer.attentionOutput, into: workspace.projected.pointer, workspace: workspace)
            addResidualAndNormalize(layer.attentionOutput.bias, layer.attentionNorm, rows: start..<(start + rows), workspace: workspace)
            first = end
            start += rows
        }
    }

    /// Tokens per step of the attention block: Q, K and V of that many fit in a core's L2 next to
    /// the projection's int8 weights.
    static let attentionRows = 256

    /// context = attention over `sequences`' rows of qkv (packed from the start of both).
    private func attend(_ sequences: [[Int32]], layer: BertWeights.Layer, workspace: Workspace) {
        let h = config.hiddenSize
        let d = Int32(config.headSize)
        let qkv = workspace.qkv.pointer
        let context = workspace.context.pointer
        guard fusedKernels else {
            let tokens = sequences.reduce(0) { $0 + $1.count }
            layer.qkv.bias.withUnsafeBufferPointer { VectorMath.addBias(qkv, rows: tokens, width: 3 * h, bias: $0.baseAddress!) }
            attendPortably(sequences, qkv: qkv, into: context, scores: workspace.scores.pointer)
            return
        }
        layer.qkv.bias.withUnsafeBufferPointer { bias in
            var start = 0
            for sequence in sequences {
                let n = Int32(sequence.count)
                if int8Attention && !Self.staysExact(sequence) {
                    attention_int8(qkv + start * 3 * h, bias.baseAddress!, n, Int32(config.headCount), d, context + start * h,
                                   workspace.attentionScratch.pointer)
                } else {
                    CKernels.attention(qkv + start * 3 * h, bias.baseAddress!, n, Int32(config.headCount), d, context + start * h,
                                       workspace.attentionScratch.pointer)
                }
                start += sequence.count
            }
        }
    }

    /// Sequences up to this many tokens get Q, K and V from the f32 weights, and f32 attention,
    /// even at int8 precision. At int8 the shortest reference texts (the empty text, punctuation alone) fell
    /// below the quality guard: [CLS] and [SEP] carry BERT's outlier activations, and there are
    /// no other tokens to average their errors with. Longer texts stay inside it
    /// (Int8EmbeddingTests). Such sequences are queries and stubs, a sliver of a batch's tokens.
    static let exactQKVLength = 16

    private static func staysExact(_ sequence: [Int32]) -> Bool { sequence.count <= exactQKVLength }

    /// qkv = x·Wqkvᵀ (without the bias), int8 where the layer has it, except for short sequences.
    private func projectQKV(_ x: UnsafePointer<Float>, sequences: [[Int32]], _ layer: BertWeights.Linear,
                            into qkv: UnsafeMutablePointer<Float>, workspace: Workspace) {
        guard layer.int8 != nil else {
            linear(x, rows: sequences.reduce(0) { $0 + $1.count }, layer, into: qkv, workspace: workspace)
            return
        }
        // Runs of consecutive sequences on the same side of the length limit, one product each.
        let h = config.hiddenSize
        var start = 0
        var index = 0
        while index < sequences.count {
            let exact = Self.staysExact(sequences[index])
            var rows = 0
            while index < sequences.count, Self.staysExact(sequences[index]) == exact {
                rows += sequences[index].count
                index += 1
            }
            linear(x + start * h, rows: rows, layer, into: qkv + start * 3 * h, workspace: workspace, exact: exact)
            start += rows
        }
    }

    /// context = softmax(Q·Kᵀ/√d)·V per sequence and head, over sgemm: the portable path.
    private func attendPortably(_ sequences: [[Int32]], qkv: UnsafeMutablePointer<Float>, into context: UnsafeMutablePointer<Float>,
                                scores: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        let d = config.headSize
        let scale = 1 / Float(d).squareRoot()
        var start = 0
        for sequence in sequences {
            let n = Int32(sequence.count)
            let rows = qkv + start * 3 * h
            for head in 0..<config.headCount {
                let q = rows + head * d
                let k = q + h
                let v = q + 2 * h
                // scores = scale · Q Kᵀ  [n, n]
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, n, Int32(d),
                            scale, q, Int32(3 * h), k, Int32(3 * h), 0, scores, n)
                VectorMath.softmaxRows(scores, rows: sequence.count, width: sequence.count, stride: sequence.count)
                // context[:, head] = softmax(scores) · V  [n, d]
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, Int32(d), n,
                            1, scores, n, v, Int32(3 * h), 0, context + start * h + head * d, Int32(h))
            }
            start += sequence.count
        }
    }

    /// x = LayerNorm(x + GELU(x·W1 + b1)·W2 + b2).
    /// Runs a few rows at a time: their intermediate activations (four times the hidden width)
    /// then stay in L2 between the two products instead of going to memory and back, as a
    /// whole batch's would.
    private func feedForwardBlock(_ layer: BertWeights.Layer, tokens: Int, workspace: Workspace) {
        let h = config.hiddenSize
        let inner = workspace.intermediate.pointer
        for start in stride(from: 0, to: tokens, by: Self.feedForwardRows) {
            let rows = min(Self.feedForwardRows, tokens - start)
            linear(workspace.hidden.pointer + start * h, rows: rows, layer.intermediate, into: inner, workspace: workspace,
                   biasThenGELU: true)
            linear(inner, rows: rows, layer.output, into: workspace.projected.pointer, workspace: workspace)
            addResidualAndNormalize(layer.output.bias, layer.outputNorm, rows: start..<(start + rows), workspace: workspace)
        }
    }

    /// Rows per step of the feed-forward block: their intermediate activations fit in a core's
    /// L2 next to both layers' int8 weights, and sgemm still gets tall enough blocks.
    static let feedForwardRows = 64

    /// hidden = LayerNorm(hidden + projected + bias) on `rows` of hidden, right after a step
    /// wrote their sublayer output to the start of `projected`, while both are still in cache.
    private func addResidualAndNormalize(_ bias: [Float], _ norm: BertWeights.LayerNorm, rows: Range<Int>, workspace: Workspace) {
        let offset = rows.lowerBound * config.hiddenSize
        bias.withUnsafeBufferPointer { bias in
        norm.gamma.withUnsafeBufferPointer { gamma in
        norm.beta.withUnsafeBufferPointer { beta in
            VectorMath.residualLayerNorm(workspace.hidden.pointer + offset, delta: workspace.projected.pointer,
                                         bias: bias.baseAddress!, rows: rows.count, width: config.hiddenSize,
                                         gamma: gamma.baseAddress!, beta: beta.baseAddress!, eps: config.layerNormEps)
        }}}
    }

    /// out[rows, outputs] = input[rows, inputs] · Wᵀ, on the int8 copy of the weights if there is
    /// one and `exact` is false. With `biasThenGELU` the output is GELU(· + bias), fused into the
    /// int8 kernel's stores; otherwise the bias is left to the caller's fused pass.
    private func linear(_ input: UnsafePointer<Float>, rows: Int, _ layer: BertWeights.Linear, into out: UnsafeMutablePointer<Float>,
                        workspace: Workspace, exact: Bool = false, biasThenGELU: Bool = false) {
        layer.bias.withUnsafeBufferPointer { bias in
            if let int8 = layer.int8, !exact {
                workspace.reserveInt8Scratch(bytes: int8.scratchBytes)
                int8.multiply(input, rows: rows, into: out, scratch: UnsafeMutableRawPointer(workspace.int8Scratch.pointer),
                              biasThenGELU: biasThenGELU ? bias.baseAddress : nil)
                return
            }
            layer.weight.withUnsafeBufferPointer { w in
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(layer.outputs), Int32(layer.inputs),
                            1, input, Int32(layer.inputs), w.baseAddress!, Int32(layer.inputs), 0, out, Int32(layer.outputs))
            }
            guard biasThenGELU else { return }
            if fusedKernels {
                bias_gelu(out, Int32(rows), Int32(layer.outputs), bias.baseAddress!)
            } else {
                VectorMath.addBiasGELU(out, rows: rows, width: layer.outputs, bias: bias.baseAddress!)
            }
        }
    }
}
