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

    /// Loaded once for all tests in the process (loading costs a second in debug builds).
    static let model: EmbeddingModel? = try? EmbeddingModel(folder: modelFolder)
}
