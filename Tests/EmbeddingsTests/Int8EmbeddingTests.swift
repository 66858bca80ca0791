import Testing
@testable import Embeddings

@Suite("int8 embeddings", .enabled(if: Precision.int8Supported && TestData.hasReference && TestData.hasModel,
                                   "no AVX-512 VNNI, or reference data or model folder missing"))
struct Int8EmbeddingTests {
    @Test("int8 vectors stay within the quality guard of sentence-transformers' f32 ones")
    func closeToReference() throws {
        let model = try EmbeddingModel(folder: TestData.modelFolder, precision: .int8)
        #expect(model.precision == .int8)
        let result = try TestData.compareWithReference(model)
        #expect(result.minCosine >= 0.999, "worst: \(result.worst)")
        #expect(result.meanCosine >= 0.9995)
    }

    /// Q, K and V of a sequence up to `exactQKVLength` tokens come from the f32 weights, one
    /// token longer from the int8 ones, whatever else is in the batch. A short sequence is
    /// compared with the f32-Q/K/V model run on it alone: sgemm's sums may differ in the last
    /// bit with the number of rows it is given (OpenBLAS picks its kernel by shape and CPU),
    /// and the int8 layers after it can turn that bit into a whole quantization step.
    @Test func shortSequencesProjectExactly() throws {
        let (config, file, tokenizer) = try TestData.modelParts()
        var allInt8 = try BertWeights(file: file, config: config)
        try allInt8.quantize(BertWeights.LinearKind.int8Tolerant)
        var exactQKV = try BertWeights(file: file, config: config)
        try exactQKV.quantize(BertWeights.LinearKind.int8Tolerant.filter { $0 != .qkv })
        let ids = tokenizer.encode(String(repeating: "A sentence about sparse attention and retrieval. ", count: 10))
        let limit = BertModel.exactQKVLength
        let batch = [Array(ids.prefix(40)), Array(ids.prefix(limit)), Array(ids.prefix(limit + 1)), Array(ids.prefix(3))]

        func hidden(_ weights: BertWeights, _ batch: [[Int32]]) -> [[Float]] {
            let workspace = BertModel.Workspace() // holds the hidden states until they are copied
            let pointer = BertModel(config: config, weights: weights).forward(batch, workspace: workspace)
            var start = 0
            return batch.map { sequence in
                defer { start += sequence.count }
                return Array(UnsafeBufferPointer(start: pointer + start * config.hiddenSize, count: sequence.count * config.hiddenSize))
            }
        }
        func largestDifference(_ a: [Float], _ b: [Float]) -> Float { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }
        let a = hidden(allInt8, batch), b = hidden(exactQKV, batch)
        let differences = zip(a, b).map(largestDifference)
        let alone = [1, 3].map { largestDifference(a[$0], hidden(exactQKV, [batch[$0]])[0]) }
        #expect(alone.allSatisfy { $0 <= 1e-5 }, "short sequences against the f32-Q/K/V model: \(alone)")
        #expect(differences[0] > 1e-4 && differences[2] > 1e-4, "longer sequences run Q, K and V at int8: \(differences)")
    }

}
