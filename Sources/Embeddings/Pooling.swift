/// Sentence vectors from the packed last hidden states: the pooling sentence-transformers'
/// `1_Pooling` module configures, then the optional L2 `Normalize` module.
enum Pooling {
    static func pool(_ hidden: UnsafePointer<Float>, lengths: [Int], width: Int,
                     mode: ModelConfig.Pooling, normalize: Bool) -> [[Float]] {
        var start = 0
        return lengths.map { length in
            defer { start += length }
            let rows = hidden + start * width
            var vector: [Float]
            switch mode {
            case .cls:
                vector = Array(UnsafeBufferPointer(start: rows, count: width))
            case .mean:
                // Every token counts ([CLS] and [SEP] too): the mask is 1 on all real tokens.
                vector = [Float](repeating: 0, count: width)
                for t in 0..<length {
                    for j in 0..<width { vector[j] += rows[t * width + j] }
                }
                let inverse = 1 / Float(length)
                for j in 0..<width { vector[j] *= inverse }
            case .max:
                vector = [Float](repeating: -.infinity, count: width)
                for t in 0..<length {
                    for j in 0..<width { vector[j] = max(vector[j], rows[t * width + j]) }
                }
            }
            if normalize { l2Normalize(&vector) }
            return vector
        }
    }

    /// v / max(‖v‖, 1e-12), as torch.nn.functional.normalize.
    static func l2Normalize(_ vector: inout [Float]) {
        var squares: Float = 0
        for value in vector { squares += value * value }
        let inverse = 1 / max(squares.squareRoot(), 1e-12)
        for j in vector.indices { vector[j] *= inverse }
    }
}
