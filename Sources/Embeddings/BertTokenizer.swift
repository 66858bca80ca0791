import Foundation

/// The BERT WordPiece tokenizer exactly as Hugging Face `tokenizers` runs it for
/// sentence-transformers models: special tokens matched in the raw text, then BertNormalizer
/// (clean text, space out CJK ideographs, NFD + drop Mn, per-character lowercase),
/// BertPreTokenizer (split on whitespace, isolate punctuation) and greedy longest-match WordPiece,
/// wrapped in `[CLS] … [SEP]` and cut to `maxLength` tokens.
public struct BertTokenizer: Sendable {
    public let vocabulary: [String: Int32]
    public let options: TokenizerOptions
    /// Longest output of `encode`, `[CLS]` and `[SEP]` included.
    public let maxLength: Int
    public let classID: Int32
    public let separatorID: Int32
    public let unknownID: Int32
    /// Words longer than this (in Unicode scalars, after normalization) become `[UNK]`.
    public let maxCharactersPerWord = 100

    /// Special tokens in the order they are tried at one position (longest first), as UTF-8.
    private let specials: [(bytes: [UInt8], id: Int32)]
    private let specialFirstBytes: Set<UInt8>

    public init(vocabulary: [String: Int32], options: TokenizerOptions, maxLength: Int) throws {
        func id(_ token: String) throws -> Int32 {
            guard let id = vocabulary[token] else {
                throw EmbeddingError.badFile("vocabulary", "special token \(token) is not in the vocabulary")
            }
            return id
        }
        self.vocabulary = vocabulary
        self.options = options
        self.maxLength = maxLength
        classID = try id(options.classToken)
        separatorID = try id(options.separatorToken)
        unknownID = try id(options.unknownToken)
        specials = try Set(options.specialTokens).map { (Array($0.utf8), try id($0)) }
            .sorted { $0.bytes.count > $1.bytes.count }
        specialFirstBytes = Set(specials.compactMap(\.bytes.first))
    }

    /// Loads vocab.txt (one token per line, id = line number) or, failing that, the WordPiece
    /// vocabulary inside tokenizer.json.
    public init(folder: URL, options: TokenizerOptions, maxLength: Int) throws {
        try self.init(vocabulary: try Self.readVocabulary(folder: folder), options: options, maxLength: maxLength)
    }

    /// Token ids for one text: `[CLS]`, at most `maxLength - 2` wordpieces, `[SEP]`.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [classID]
        ids.reserveCapacity(min(maxLength, text.utf8.count / 3 + 8))
        appendWordpieces(of: text, to: &ids, limit: maxLength - 1)
        ids.append(separatorID)
        return ids
    }

    /// Wordpiece ids for a text without `[CLS]`/`[SEP]` and without truncation.
    public func tokenize(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        appendWordpieces(of: text, to: &ids, limit: Int.max)
        return ids
    }

    /// Splits out special tokens (exact, case-sensitive, anywhere in the raw text) and
    /// tokenizes the text between them, stopping once `ids` holds `limit` entries.
    private func appendWordpieces(of text: String, to ids: inout [Int32], limit: Int) {
        let utf8 = Array(text.utf8)
        utf8.withUnsafeBufferPointer { bytes in
            var segmentStart = 0
            var i = 0
            while i < bytes.count, ids.count < limit {
                guard specialFirstBytes.contains(bytes[i]),
                      let special = specials.first(where: { matches($0.bytes, in: bytes, at: i) })
                else {
                    i += 1
                    continue
                }
                appendSegment(bytes[segmentStart..<i], to: &ids, limit: limit)
                if ids.count < limit { ids.append(special.id) }
                i += special.bytes.count
                segmentStart = i
            }
            appendSegment(bytes[segmentStart..<bytes.count], to: &ids, limit: limit)
        }
    }

    private func matches(_ token: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        guard start + token.count <= bytes.count else { return false }
        for k in 0..<token.count where bytes[start + k] != token[k] { return false }
        return true
    }

    private func appendSegment(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, to ids: inout [Int32], limit: Int) {
        guard !bytes.isEmpty, ids.count < limit else { return }
        let normalized = BertNormalizer.normalize(String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self), options: options)
        var word: [Unicode.Scalar] = []
        func flush() {
            if !word.isEmpty { appendWord(word, to: &ids, limit: limit) }
            word.removeAll(keepingCapacity: true)
        }
        for scalar in normalized {
            if ids.count >= limit { return }
            if BertNormalizer.isWhitespace(scalar) {
                flush()
            } else if BertNormalizer.isPunctuation(scalar) {
                flush()
                word.append(scalar)
                flush()
            } else {
                word.append(scalar)
            }
        }
        flush()
    }

    /// Greedy longest-match-first WordPiece; a word with no full cover is one `[UNK]`.
    private func appendWord(_ word: [Unicode.Scalar], to ids: inout [Int32], limit: Int) {
        guard word.count <= maxCharactersPerWord else {
            ids.append(unknownID)
            return
        }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while end > start {
                var candidate = start > 0 ? "##" : ""
                candidate.unicodeScalars.append(contentsOf: word[start..<end])
                if let id = vocabulary[candidate] {
                    found = id
                    break
                }
                end -= 1
            }
            guard let id = found else {
                ids.append(unknownID)
                return
            }
            pieces.append(id)
            start = end
        }
        ids.append(contentsOf: pieces.prefix(limit - ids.count))
    }

    static func readVocabulary(folder: URL) throws -> [String: Int32] {
        let vocabURL = folder.appendingPathComponent("vocab.txt")
        if let data = FileManager.default.contents(atPath: vocabURL.path) {
            var vocabulary: [String: Int32] = [:]
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for (index, line) in lines.enumerated() {
                let token = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
                // A repeated line keeps its first id, as the Python tokenizer does.
                if vocabulary[token] == nil { vocabulary[token] = Int32(index) }
            }
            guard !vocabulary.isEmpty else { throw EmbeddingError.badFile(vocabURL.path, "empty vocabulary") }
            return vocabulary
        }
        let jsonURL = folder.appendingPathComponent("tokenizer.json")
        guard let data = FileManager.default.contents(atPath: jsonURL.path) else {
            throw EmbeddingError.missingFile("\(vocabURL.path) (or tokenizer.json)")
        }
        let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        guard let model = json?["model"] as? [String: Any], let vocab = model["vocab"] as? [String: Any] else {
            throw EmbeddingError.badFile(jsonURL.path, "no model.vocab object (only WordPiece tokenizers are supported)")
        }
        var vocabulary: [String: Int32] = [:]
        for (token, value) in vocab {
            guard let id = (value as? NSNumber)?.int32Value else {
                throw EmbeddingError.badFile(jsonURL.path, "model.vocab[\"\(token)\"] is not an integer id")
            }
            vocabulary[token] = id
        }
        return vocabulary
    }
}
