import Foundation

/// Everything read from a sentence-transformers model folder's JSON files: the BERT shape
/// (config.json), tokenizer options (tokenizer_config.json), pooling (1_Pooling/config.json),
/// the L2 Normalize step (modules.json) and the sequence limit (sentence_bert_config.json).
public struct ModelConfig: Sendable, Equatable {
    public var hiddenSize: Int
    public var layerCount: Int
    public var headCount: Int
    public var intermediateSize: Int
    public var layerNormEps: Float
    public var vocabSize: Int
    public var maxPositions: Int
    public var maxSequenceLength: Int
    public var pooling: Pooling
    public var normalize: Bool
    public var tokenizer: TokenizerOptions

    public enum Pooling: String, Sendable {
        case mean, cls, max
    }

    public var headSize: Int { hiddenSize / headCount }

    public init(folder: URL) throws {
        let bert = try JSONFile(folder, "config.json")
        hiddenSize = try bert.int("hidden_size")
        layerCount = try bert.int("num_hidden_layers")
        headCount = try bert.int("num_attention_heads")
        intermediateSize = try bert.int("intermediate_size")
        layerNormEps = Float(try bert.double("layer_norm_eps", default: 1e-12))
        vocabSize = try bert.int("vocab_size")
        maxPositions = try bert.int("max_position_embeddings")
        guard headCount > 0, hiddenSize % headCount == 0 else {
            throw EmbeddingError.badFile(bert.path, "hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
        // Only the exact (erf) GELU is implemented; the tanh variants would silently differ.
        let act = try bert.string("hidden_act", default: "gelu")
        guard act == "gelu" else {
            throw EmbeddingError.badFile(bert.path, "hidden_act \"\(act)\" is not supported (only \"gelu\")")
        }

        // sentence-transformers overrides tokenizer.json's own truncation with this value.
        if let st = try JSONFile(optional: folder, "sentence_bert_config.json") {
            maxSequenceLength = try st.int("max_seq_length", default: maxPositions)
        } else {
            maxSequenceLength = maxPositions
        }
        maxSequenceLength = min(maxSequenceLength, maxPositions)
        guard maxSequenceLength >= 2 else {
            throw EmbeddingError.badFile(folder.appendingPathComponent("sentence_bert_config.json").path, "max_seq_length \(maxSequenceLength) leaves no room for [CLS] and [SEP]")
        }

        if let pool = try JSONFile(optional: folder, "1_Pooling/config.json") {
            if try pool.bool("pooling_mode_mean_tokens", default: false) {
                pooling = .mean
            } else if try pool.bool("pooling_mode_cls_token", default: false) {
                pooling = .cls
            } else if try pool.bool("pooling_mode_max_tokens", default: false) {
                pooling = .max
            } else {
                throw EmbeddingError.badFile(pool.path, "no supported pooling mode (mean, cls or max) is enabled")
            }
        } else {
            pooling = .mean
        }

        normalize = false
        if let modules = try JSONArrayFile(optional: folder, "modules.json") {
            normalize = modules.objects.contains { ($0["type"] as? String)?.hasSuffix(".Normalize") == true }
        }

        tokenizer = try TokenizerOptions(folder: folder)
    }
}

/// BERT tokenizer switches from tokenizer_config.json (the defaults are BERT's own).
public struct TokenizerOptions: Sendable, Equatable {
    public var lowercase = true
    /// `nil` in the file means "strip accents when lowercasing".
    public var stripAccents = true
    public var splitChineseCharacters = true
    public var unknownToken = "[UNK]"
    public var classToken = "[CLS]"
    public var separatorToken = "[SEP]"
    public var padToken = "[PAD]"
    public var maskToken = "[MASK]"

    public init() {}

    init(folder: URL) throws {
        guard let file = try JSONFile(optional: folder, "tokenizer_config.json") else { return }
        lowercase = try file.bool("do_lower_case", default: true)
        stripAccents = try file.optionalBool("strip_accents") ?? lowercase
        splitChineseCharacters = try file.bool("tokenize_chinese_chars", default: true)
        unknownToken = try file.tokenName("unk_token", default: unknownToken)
        classToken = try file.tokenName("cls_token", default: classToken)
        separatorToken = try file.tokenName("sep_token", default: separatorToken)
        padToken = try file.tokenName("pad_token", default: padToken)
        maskToken = try file.tokenName("mask_token", default: maskToken)
    }

    var specialTokens: [String] { [unknownToken, classToken, separatorToken, padToken, maskToken] }
}

/// A JSON object file with typed accessors whose errors name the file and key.
struct JSONFile {
    let path: String
    let object: [String: Any]

    init(_ folder: URL, _ name: String) throws {
        guard let file = try JSONFile(optional: folder, name) else {
            throw EmbeddingError.missingFile(folder.appendingPathComponent(name).path)
        }
        self = file
    }

    init?(optional folder: URL, _ name: String) throws {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        path = url.path
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        } catch {
            throw EmbeddingError.badFile(path, "not valid JSON (\(error.localizedDescription))")
        }
        guard let object = parsed as? [String: Any] else {
            throw EmbeddingError.badFile(path, "expected a JSON object at the top level")
        }
        self.object = object
    }

    func int(_ key: String, default value: Int? = nil) throws -> Int {
        guard let raw = object[key] else {
            if let value { return value }
            throw EmbeddingError.badFile(path, "missing \"\(key)\"")
        }
        guard let number = raw as? NSNumber, let int = Int(exactly: number.doubleValue), int > 0 else {
            throw EmbeddingError.badFile(path, "\"\(key)\" must be a positive integer")
        }
        return int
    }

    func double(_ key: String, default value: Double) throws -> Double {
        guard let raw = object[key] else { return value }
        guard let number = raw as? NSNumber else {
            throw EmbeddingError.badFile(path, "\"\(key)\" must be a number")
        }
        return number.doubleValue
    }

    func string(_ key: String, default value: String) throws -> String {
        guard let raw = object[key] else { return value }
        guard let string = raw as? String else {
            throw EmbeddingError.badFile(path, "\"\(key)\" must be a string")
        }
        return string
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        try optionalBool(key) ?? value
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let raw = object[key], !(raw is NSNull) else { return nil }
        guard let bool = raw as? Bool else {
            throw EmbeddingError.badFile(path, "\"\(key)\" must be true, false or null")
        }
        return bool
    }

    /// Special tokens appear either as a plain string or as {"content": "..."}.
    func tokenName(_ key: String, default value: String) throws -> String {
        guard let raw = object[key], !(raw is NSNull) else { return value }
        if let name = raw as? String { return name }
        if let name = (raw as? [String: Any])?["content"] as? String { return name }
        throw EmbeddingError.badFile(path, "\"\(key)\" must be a string or an object with \"content\"")
    }
}

/// modules.json: an array of module descriptions.
struct JSONArrayFile {
    let objects: [[String: Any]]

    init?(optional folder: URL, _ name: String) throws {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let parsed = try? JSONSerialization.jsonObject(with: Data(contentsOf: url))
        guard let array = parsed as? [[String: Any]] else {
            throw EmbeddingError.badFile(url.path, "expected a JSON array of module objects")
        }
        objects = array
    }
}
