import ArgumentParser
import Embeddings
import Foundation

/// `paperboy embed`: sentence vectors for texts, with the model folder's BERT.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Embed the papers in the database (or texts from a file) with the sentence-transformers model.",
        discussion: """
            Without --input, embeds every paper in --db that has no vector for the model yet, \
            saving them as it goes: stop it any time and run it again to continue; nothing is \
            embedded twice. `serve` does the same in the background.
            With --input, reads JSON Lines with a "text" field and writes one row of \
            little-endian float32 values per line, in input order, to --output.
            """
    )

    @Option(help: "JSON Lines file whose objects have a \"text\" field.")
    var input: String?

    @Option(help: "Where to write the vectors (N rows × dimension float32, little-endian, no header).")
    var output: String?

    @OptionGroup var model: ModelOptions
    @OptionGroup var store: StoreOptions

    @Option(help: "Embed at most this many papers of the database in this run.")
    var limit: Int?

    @Option(help: "Texts per batch.")
    var batch: Int = 32

    @Option(help: "Batches embedded at once, one per thread (default: one per core).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    mutating func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive") }
        guard threads > 0 else { throw ValidationError("--threads must be positive") }
        if let limit, limit <= 0 { throw ValidationError("--limit must be positive") }
        if input != nil, limit != nil { throw ValidationError("--limit applies to the database; it cannot be used with --input") }
        if input != nil, output == nil { throw ValidationError("--output is required with --input") }
    }

    mutating func run() async throws {
        // validate() makes --output come with --input.
        guard let input, let output else {
            return try await EmbedDatabase(store: store, model: model, limit: limit ?? .max).run()
        }
        let texts = try Self.readTexts(input)
        let model = try self.model.loadModel()
        let progress = ProgressReporter(label: "embedding", unit: "texts", interval: 10)
        let started = ContinuousClock.now
        let vectors = model.embed(texts, parallelism: .init(workers: threads, batchSize: batch)) { progress.update(done: $0, fraction: Double($0) / Double(max(texts.count, 1))) }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        progress.finish(done: texts.count)
        try Self.write(vectors, to: output)
        let tokens = texts.reduce(0) { $0 + model.tokenizer.encode($1).count }
        FileHandle.standardError.write(Data(String(
            format: "embedded %d texts (%d tokens) in %.2f s: texts_per_s=%.2f tokens_per_s=%.0f model=%@ precision=%@\n",
            texts.count, tokens, seconds, Double(texts.count) / seconds, Double(tokens) / seconds, model.id, model.precision.rawValue).utf8))
    }

    static func readTexts(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read \(path)")
        }
        struct Line: Decodable { var text: String }
        let decoder = JSONDecoder()
        var texts: [String] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            do {
                texts.append(try decoder.decode(Line.self, from: Data(line)).text)
            } catch {
                throw CLIError("\(path):\(number + 1): expected a JSON object with a string \"text\" field")
            }
        }
        return texts
    }

    static func write(_ vectors: [[Float]], to path: String) throws {
        var bytes = [UInt8]()
        bytes.reserveCapacity(vectors.count * (vectors.first?.count ?? 0) * 4)
        for vector in vectors {
            for value in vector {
                withUnsafeBytes(of: value.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
            }
        }
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
