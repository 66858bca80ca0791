import Foundation

/// A retrieval benchmark in the BEIR layout: `corpus.jsonl` (`_id`, `title`, `text`),
/// `queries.jsonl` (`_id`, `text`) and `qrels/<split>.tsv` (query-id, corpus-id, score, with
/// a header line).
public struct BEIRDataset: Sendable {
    public struct Document: Sendable, Decodable {
        public var id: String
        public var title: String
        public var text: String
        enum CodingKeys: String, CodingKey { case id = "_id", title, text }
        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            title = try c.decodeIfPresent(String.self, forKey: .title) ?? ""
            text = try c.decodeIfPresent(String.self, forKey: .text) ?? ""
        }
    }

    public var corpus: [Document]
    /// Query id → text, only for queries that have judgements in the split.
    public var queries: [(id: String, text: String)]
    /// Query id → document id → relevance (> 0 only).
    public var qrels: [String: [String: Int]]

    public init(corpus: [Document], queries: [(id: String, text: String)], qrels: [String: [String: Int]]) {
        self.corpus = corpus; self.queries = queries; self.qrels = qrels
    }

    public static func load(from folder: URL, split: String = "test") throws -> BEIRDataset {
        let corpus = try jsonLines(folder.appendingPathComponent("corpus.jsonl"), as: Document.self)
        let qrels = try judgements(folder.appendingPathComponent("qrels/\(split).tsv"))
        struct Query: Decodable { var _id: String; var text: String }
        let queries = try jsonLines(folder.appendingPathComponent("queries.jsonl"), as: Query.self)
            .filter { qrels[$0._id] != nil }
            .map { (id: $0._id, text: $0.text) }
        guard !queries.isEmpty else { throw BEIRError(file: folder.path, line: nil, reason: "no query of queries.jsonl has judgements in qrels/\(split).tsv") }
        return BEIRDataset(corpus: corpus, queries: queries, qrels: qrels)
    }

    static func jsonLines<T: Decodable>(_ url: URL, as type: T.Type) throws -> [T] {
        let decoder = JSONDecoder()
        var out: [T] = []
        for (n, line) in try lines(url).enumerated() where !line.allSatisfy(\.isWhitespace) {
            do {
                out.append(try decoder.decode(T.self, from: Data(line.utf8)))
            } catch {
                throw BEIRError(file: url.path, line: n + 1, reason: "not a valid record: \(error)")
            }
        }
        return out
    }

    static func judgements(_ url: URL) throws -> [String: [String: Int]] {
        var qrels: [String: [String: Int]] = [:]
        for (n, line) in try lines(url).enumerated() where !line.allSatisfy(\.isWhitespace) {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if n == 0, fields.first == "query-id" { continue }
            guard fields.count >= 3, let score = Int(fields[2].trimmingCharacters(in: .whitespaces)) else {
                throw BEIRError(file: url.path, line: n + 1, reason: "expected query-id<TAB>corpus-id<TAB>score")
            }
            if score > 0 { qrels[String(fields[0]), default: [:]][String(fields[1])] = score }
        }
        return qrels
    }

    static func lines(_ url: URL) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw BEIRError(file: url.path, line: nil, reason: "cannot read the file")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
    }
}

public struct BEIRError: Error, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var reason: String
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(reason)" }
}
