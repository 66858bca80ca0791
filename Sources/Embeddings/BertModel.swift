import CBLAS

/// The BERT encoder forward pass over OpenBLAS sgemm, with the linear layers that have int8
/// copies (see `BertWeights.quantize`) on the int8 kernel instead.
///
/// A batch is "packed": the sequences' tokens are laid end to end (no padding), so every
/// per-token step (projections, LayerNorm, GELU) runs on exactly the real tokens, and attention
/// runs per sequence over its own rows, which is what an attention mask over padding computes.
struct BertModel: Sendable {
    let config: ModelConfig
    let weights: BertWeights

    /// Scratch memory for one forward pass, reused across batches by one worker.
    final class Workspace {
        private(set) var hidden = Buffer()       // [tokens, hidden]: the running hidden states
        private(set) var qkv = Buffer()          // [tokens, 3·hidden]
        private(set) var context = Buffer()      // [tokens, hidden]: attention output per head
        private(set) var projected = Buffer()    // [tokens, hidden]: a sublayer's output before the residual
        private(set) var intermediate = Buffer() // [tokens, intermediate]
        private(set) var scores = Buffer()       // [length, length]: one head's attention matrix
        private(set) var int8Scratch = Buffer()  // the int8 kernel's quantized input rows (bytes, as floats)

        func reserve(tokens: Int, longest: Int, config: ModelConfig) {
            hidden.reserve(tokens * config.hiddenSize)
            qkv.reserve(tokens * 3 * config.hiddenSize)
            context.reserve(tokens * config.hiddenSize)
            projected.reserve(tokens * config.hiddenSize)
            intermediate.reserve(tokens * config.intermediateSize)
            scores.reserve(longest * longest)
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
        workspace.reserve(tokens: tokens, longest: longest, config: config)
        let x = workspace.hidden.pointer

        embed(sequences, into: x)
        for layer in weights.layers {
            attentionBlock(layer, sequences: sequences, tokens: tokens, workspace: workspace)
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
    private func attentionBlock(_ layer: BertWeights.Layer, sequences: [[Int32]], tokens: Int, workspace: Workspace) {
        let h = config.hiddenSize
        let d = config.headSize
        let x = workspace.hidden.pointer
        let qkv = workspace.qkv.pointer
        let context = workspace.context.pointer
        let scores = workspace.scores.pointer

        linear(x, rows: tokens, layer.qkv, into: qkv, workspace: workspace)
        layer.qkv.bias.withUnsafeBufferPointer { VectorMath.addBias(qkv, rows: tokens, width: 3 * h, bias: $0.baseAddress!) }

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

        linear(context, rows: tokens, layer.attentionOutput, into: workspace.projected.pointer, workspace: workspace)
        addResidualAndNormalize(layer.attentionOutput.bias, layer.attentionNorm, tokens: tokens, workspace: workspace)
    }

    /// x = LayerNorm(x + GELU(x·W1 + b1)·W2 + b2).
    private func feedForwardBlock(_ layer: BertWeights.Layer, tokens: Int, workspace: Workspace) {
        let inner = workspace.intermediate.pointer
        linear(workspace.hidden.pointer, rows: tokens, layer.intermediate, into: inner, workspace: workspace)
        layer.intermediate.bias.withUnsafeBufferPointer {
            VectorMath.addBiasGELU(inner, rows: tokens, width: config.intermediateSize, bias: $0.baseAddress!)
        }
        linear(inner, rows: tokens, layer.output, into: workspace.projected.pointer, workspace: workspace)
        addResidualAndNormalize(layer.output.bias, layer.outputNorm, tokens: tokens, workspace: workspace)
    }

    /// hidden = LayerNorm(hidden + projected + bias).
    private func addResidualAndNormalize(_ bias: [Float], _ norm: BertWeights.LayerNorm, tokens: Int, workspace: Workspace) {
        bias.withUnsafeBufferPointer { bias in
        norm.gamma.withUnsafeBufferPointer { gamma in
        norm.beta.withUnsafeBufferPointer { beta in
            VectorMath.residualLayerNorm(workspace.hidden.pointer, delta: workspace.projected.pointer, bias: bias.baseAddress!,
                                         rows: tokens, width: config.hiddenSize,
                                         gamma: gamma.baseAddress!, beta: beta.baseAddress!, eps: config.layerNormEps)
        }}}
    }

    /// out[rows, outputs] = input[rows, inputs] · Wᵀ (bias is added by the caller's fused pass).
    private func linear(_ input: UnsafePointer<Float>, rows: Int, _ layer: BertWeights.Linear, into out: UnsafeMutablePointer<Float>,
                        workspace: Workspace) {
        if let int8 = layer.int8 {
            workspace.reserveInt8Scratch(bytes: int8.scratchBytes)
            int8.multiply(input, rows: rows, into: out, scratch: UnsafeMutableRawPointer(workspace.int8Scratch.pointer))
            return
        }
        layer.weight.withUnsafeBufferPointer { w in
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(layer.outputs), Int32(layer.inputs),
                        1, input, Int32(layer.inputs), w.baseAddress!, Int32(layer.inputs), 0, out, Int32(layer.outputs))
        }
    }
}
