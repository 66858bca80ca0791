import Foundation
import Testing
@testable import Embeddings

@Suite("EmbeddingModel")
struct EmbeddingReferenceTests {
    // Needs shared/reference/all-MiniLM-L6-v2 and the model from scripts/setup-model.sh.
    @Test("embeddings match sentence-transformers (all queries, all tricky cases, 40 docs)",
          .enabled(if: TestData.hasReference && TestData.hasModel, "reference data or model folder missing (run scripts/setup-model.sh)"))
    func matchesReference() throws {
        let model = try #require(TestData.model)
        #expect(model.dimension == 384 && model.precision == .f32)
        let result = try TestData.compareWithReference(model)
        #expect(result.minCosine >= 0.99999, "worst: \(result.worst)")
        #expect(result.maxDiff <= 1e-4)
    }

    @Test("the model folder's settings are read from its files",
          .enabled(if: TestData.hasModel, "model folder missing (run scripts/setup-model.sh)"))
    func readsConfig() throws {
        let config = try ModelConfig(folder: TestData.modelFolder)
        #expect(config.hiddenSize == 384 && config.layerCount == 6 && config.headCount == 12)
        #expect(config.intermediateSize == 1536 && config.vocabSize == 30522 && config.maxPositions == 512)
        #expect(config.layerNormEps == 1e-12)
        // sentence_bert_config.json's 256 wins over tokenizer.json's 128.
        #expect(config.maxSequenceLength == 256)
        #expect(config.pooling == .mean && config.normalize)
        #expect(config.tokenizer.lowercase && config.tokenizer.stripAccents && config.tokenizer.splitChineseCharacters)
        let model = try #require(TestData.model)
        #expect(model.id.hasPrefix("all-MiniLM-L6-v2@") && model.id.count == "all-MiniLM-L6-v2@".count + 8)
        // Order is preserved and the empty input is allowed.
        #expect(model.embed([]).isEmpty)
        let pair = model.embed(["short", "a much longer second text than the first one"])
        let reversed = model.embed(["a much longer second text than the first one", "short"])
        #expect(pair[0] == reversed[1] && pair[1] == reversed[0])
    }

    @Test func missingFilesAreNamed() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("emb-missing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect { try EmbeddingModel(folder: folder) } throws: { "\($0)".contains("config.json") }
        try Data("{\"hidden_size\": 384}".utf8).write(to: folder.appendingPathComponent("config.json"))
        #expect { try EmbeddingModel(folder: folder) } throws: { "\($0)".contains("num_hidden_layers") }
    }
}
