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

}
