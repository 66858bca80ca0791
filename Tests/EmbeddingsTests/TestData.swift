import Foundation
@testable import Embeddings

/// Where the tests find the reference outputs (shared/reference/all-MiniLM-L6-v2) and the
/// installed model (scripts/setup-model.sh). Tests that need them are skipped when absent.
enum TestData {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let shared: URL = {
        if let path = ProcessInfo.processInfo.environment["PAPERBOY_SHARED"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    static let reference = shared.appendingPathComponent("reference/all-MiniLM-L6-v2")

    static let modelFolder: URL = {
        if let path = ProcessInfo.processInfo.environment["PAPERBOY_MODEL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return repoRoot.appendingPathComponent("models/all-MiniLM-L6-v2")
    }()

    static var hasReference: Bool {
        FileManager.default.fileExists(atPath: reference.appendingPathComponent("texts.jsonl").path)
    }

    static var hasModel: Bool {
        FileManager.default.fileExists(atPath: modelFolder.appendingPathComponent("model.safetensors").path)
    }

    struct Text: Decodable {
        var id: String
        var kind: String
        var text: String
    }

    struct Tokens: Decodable {
        var id: String
        var input_ids: [Int32]
    }

    static func jsonLines<T: Decodable>(_ name: String, as: T.Type) throws -> [T] {
        let data = try Data(contentsOf: reference.appendingPathComponent(name))
        let decoder = JSONDecoder()
        return try data.split(separator: UInt8(ascii: "\n")).map { try decoder.decode(T.self, from: Data($0)) }
    }

    /// Rows of embeddings.f32 (little-endian float32, `dimension` columns).
    static func referenceEmbeddings(dimension: Int) throws -> [[Float]] {
        let data = try Data(contentsOf: reference.appendingPathComponent("embeddings.f32"))
        let floats = data.withUnsafeBytes { raw in
            (0..<(data.count / 4)).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self))) }
        }
        return stride(from: 0, to: floats.count, by: dimension).map { Array(floats[$0..<($0 + dimension)]) }
    }

    /// The model folder's parts, for tests that drive `BertModel` directly.
    static func modelParts() throws -> (config: ModelConfig, weights: SafeTensorsFile, tokenizer: BertTokenizer) {
        let config = try ModelConfig(folder: modelFolder)
        return (config, try SafeTensorsFile(url: modelFolder.appendingPathComponent("model.safetensors")),
                try BertTokenizer(folder: modelFolder, options: config.tokenizer, maxLength: config.maxSequenceLength))
    }

    /// Loaded once for all tests in the process (loading costs a second in debug builds).
    /// f32, the precision that matches the reference to 1e-4.
    static let model: EmbeddingModel? = try? EmbeddingModel(folder: modelFolder, precision: .f32)

    struct Comparison: CustomStringConvertible {
        var minCosine = 1.0, meanCosine = 0.0
        var maxDiff: Float = 0
        var worst = ""
        var description: String { "min cosine \(minCosine) (\(worst)), mean \(meanCosine), max |diff| \(maxDiff)" }
    }

    /// Embeds all queries, all tricky cases and the first 40 docs of the reference texts (the
    /// docs are many and alike) and compares them with sentence-transformers' vectors.
    static func compareWithReference(_ model: EmbeddingModel) throws -> Comparison {
        let texts = try jsonLines("texts.jsonl", as: Text.self)
        let reference = try referenceEmbeddings(dimension: model.dimension)
        guard reference.count == texts.count else { throw ReferenceMismatch() }
        var docs = 0
        let subset = texts.indices.filter { i in
            guard texts[i].kind == "doc" else { return true }
            docs += 1
            return docs <= 40
        }
        let vectors = model.embed(subset.map { texts[$0].text })
        guard vectors.count == subset.count else { throw ReferenceMismatch() }

        var result = Comparison()
        for (vector, i) in zip(vectors, subset) {
            var dot = 0.0, a = 0.0, b = 0.0
            for (x, y) in zip(vector, reference[i]) {
                dot += Double(x) * Double(y)
                a += Double(x) * Double(x)
                b += Double(y) * Double(y)
                result.maxDiff = max(result.maxDiff, abs(x - y))
            }
            let cosine = dot / (a.squareRoot() * b.squareRoot())
            result.meanCosine += cosine / Double(subset.count)
            if cosine < result.minCosine {
                result.minCosine = cosine
                result.worst = texts[i].id
            }
        }
        print("\(model.precision) embeddings vs reference on \(subset.count) texts: \(result)")
        return result
    }

    struct ReferenceMismatch: Error {}
}
