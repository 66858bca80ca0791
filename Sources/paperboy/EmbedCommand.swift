import ArgumentParser
import Embeddings
import Foundation
import Synchronization

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
    }

    mutating func run() async throws {
        guard let input else {
            return try await EmbedDatabase(store: store, model: model, limit: limit ?? .max).run()
        }
        guard let output else { throw UsageError("--output is required with --input") }
        let texts = try Self.readTexts(input)
        let model = try self.model.loadModel()
        let progress = EmbeddingProgress(total: texts.count, unit: "texts")
        let started = ContinuousClock.now
        let vectors = model.embed(texts, parallelism: .init(workers: threads, batchSize: batch)) { progress.update($0) }
        let seconds = (ContinuousClock.now - started) / .seconds(1)
        progress.finish()
        try Self.write(vectors, to: output)
        let tokens = texts.reduce(0) { $0 + model.tokenizer.encode($1).count }
        FileHandle.standardError.write(Data(String(
            format: "embedded %d texts (%d tokens) in %.2f s: texts_per_s=%.2f tokens_per_s=%.0f model=%@\n",
            texts.count, tokens, seconds, Double(texts.count) / seconds, Double(tokens) / seconds, model.id).utf8))
    }

    static func readTexts(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RuntimeError("cannot read \(path)")
        }
        struct Line: Decodable { var text: String }
        let decoder = JSONDecoder()
        var texts: [String] = []
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\t") }) { continue }
            do {
                texts.append(try decoder.decode(Line.self, from: Data(line)).text)
            } catch {
                throw RuntimeError("\(path):\(number + 1): expected a JSON object with a string \"text\" field")
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
            throw RuntimeError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}

/// A one-line error and exit status 1.
private struct RuntimeError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Wrong use of the command: one line on stderr and exit status 2 (ArgumentParser's own
/// ValidationError would exit with 64).
private func UsageError(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("Error: \(message)\n".utf8))
    return ExitCode(2)
}

/// Embedding progress on stderr: a redrawn bar (count, rate, ETA) on a terminal, a plain line
/// every ten seconds otherwise. Called from the embedding worker threads.
final class EmbeddingProgress: Sendable {
    private struct State {
        var lastDraw: ContinuousClock.Instant
        var finished = 0
    }

    private let total: Int
    private let unit: String
    private let started = ContinuousClock.now
    private let isTerminal = isatty(STDERR_FILENO) == 1
    private let state: Mutex<State>

    init(total: Int, unit: String) {
        self.total = total
        self.unit = unit
        state = Mutex(State(lastDraw: .now))
    }

    func update(_ finished: Int) {
        let now = ContinuousClock.now
        let line: String? = state.withLock { state in
            state.finished = max(state.finished, finished)
            let interval: Duration = isTerminal ? .milliseconds(200) : .seconds(10)
            guard now - state.lastDraw >= interval else { return nil }
            state.lastDraw = now
            return describe(state.finished, at: now)
        }
        if let line { emit(line) }
    }

    func finish() {
        let line = state.withLock { describe($0.finished, at: .now) }
        emit(line)
        if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    }

    private func describe(_ finished: Int, at now: ContinuousClock.Instant) -> String {
        let seconds = max((now - started) / .seconds(1), 1e-9)
        let rate = Double(finished) / seconds
        let eta = rate > 0 ? Int((Double(total - finished) / rate).rounded()) : 0
        let fraction = total > 0 ? Double(finished) / Double(total) : 1
        let filled = Int(fraction * 30)
        let bar = isTerminal ? "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: 30 - filled) + "] " : ""
        return bar + String(format: "%d/%d %@  %.1f/s  ETA %d:%02d", finished, total, unit, rate, eta / 60, eta % 60)
    }

    private func emit(_ line: String) {
        FileHandle.standardError.write(Data((isTerminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
    }
}
