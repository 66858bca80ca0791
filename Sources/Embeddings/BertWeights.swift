import Foundation

/// The BERT encoder's parameters as Float32 arrays, read from model.safetensors by their
/// Hugging Face names (with or without a `bert.` prefix). Linear weights keep PyTorch's
/// [out, in] row-major layout; query/key/value are stacked into one [3·hidden, hidden] matrix
/// so one GEMM projects all three.
struct BertWeights: Sendable {
    struct LayerNorm: Sendable {
        var gamma: [Float]
        var beta: [Float]
    }

    struct Linear: Sendable {
        var weight: [Float] // [out, in]
        var bias: [Float]   // [out]
        /// The int8 copy of `weight`, when this layer runs at int8 precision.
        var int8: Int8Matrix?
        var outputs: Int { bias.count }
        var inputs: Int { weight.count / bias.count }
    }

    /// The four linear layers of an encoder layer, to choose which run at int8.
    enum LinearKind: Sendable {
        case qkv, attentionOutput, intermediate, output

        /// The layers that run at int8 precision: all four. The query/key/value projection is
        /// the sensitive one (the softmax magnifies errors in Q and K), and for sequences of a
        /// few tokens, whose mean pools nothing to average errors out, it stays f32 (see
        /// `BertModel.exactQKVLength`); with that, every reference text stays inside the guard.
        static let int8Tolerant: [LinearKind] = [.qkv, .attentionOutput, .intermediate, .output]

        var path: WritableKeyPath<Layer, Linear> {
            switch self {
            case .qkv: \.qkv
            case .attentionOutput: \.attentionOutput
            case .intermediate: \.intermediate
            case .output: \.output
            }
        }
    }

    struct Layer: Sendable {
        var qkv: Linear
        var attentionOutput: Linear
        var attentionNorm: LayerNorm
        var intermediate: Linear
        var output: Linear
        var outputNorm: LayerNorm
    }

    var wordEmbeddings: [Float]     // [vocab, hidden]
    var positionEmbeddings: [Float] // [maxPositions, hidden]
    var tokenType0: [Float]         // [hidden]: every token has token type 0
    var embeddingNorm: LayerNorm
    var layers: [Layer]

    init(file: SafeTensorsFile, config: ModelConfig) throws {
        let prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        let h = config.hiddenSize
        let inter = config.intermediateSize

        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            try file.floats(prefix + name, shape: shape)
        }
        func linear(_ name: String, _ outputs: Int, _ inputs: Int) throws -> Linear {
            Linear(weight: try tensor(name + ".weight", [outputs, inputs]), bias: try tensor(name + ".bias", [outputs]), int8: nil)
        }
        func layerNorm(_ name: String) throws -> LayerNorm {
            // Old TensorFlow conversions call them gamma/beta.
            let legacy = file.tensors[prefix + name + ".gamma"] != nil
            return LayerNorm(gamma: try tensor(name + (legacy ? ".gamma" : ".weight"), [h]),
                             beta: try tensor(name + (legacy ? ".beta" : ".bias"), [h]))
        }

        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [config.vocabSize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [config.maxPositions, h])
        guard let typeShape = file.tensors[prefix + "embeddings.token_type_embeddings.weight"]?.shape, typeShape.count == 2 else {
            throw EmbeddingError.badFile(file.path, "tensor \(prefix)embeddings.token_type_embeddings.weight is missing")
        }
        tokenType0 = Array(try tensor("embeddings.token_type_embeddings.weight", [typeShape[0], h]).prefix(h))
        embeddingNorm = try layerNorm("embeddings.LayerNorm")

        layers = try (0..<config.layerCount).map { i in
            let p = "encoder.layer.\(i)."
            let q = try linear(p + "attention.self.query", h, h)
            let k = try linear(p + "attention.self.key", h, h)
            let v = try linear(p + "attention.self.value", h, h)
            return Layer(
                qkv: Linear(weight: q.weight + k.weight + v.weight, bias: q.bias + k.bias + v.bias, int8: nil),
                attentionOutput: try linear(p + "attention.output.dense", h, h),
                attentionNorm: try layerNorm(p + "attention.output.LayerNorm"),
                intermediate: try linear(p + "intermediate.dense", inter, h),
                output: try linear(p + "output.dense", h, inter),
                outputNorm: try layerNorm(p + "output.LayerNorm"))
        }
    }

    /// Makes the int8 copies of the given kinds of linear layer in every encoder layer.
    mutating func quantize(_ kinds: [LinearKind]) throws {
        for i in layers.indices {
            for kind in kinds {
                let linear = layers[i][keyPath: kind.path]
                layers[i][keyPath: kind.path].int8 = try Int8Matrix(linear.weight, outputs: linear.outputs, inputs: linear.inputs)
            }
        }
    }
}
