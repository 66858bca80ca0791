import CBLAS
import Dispatch
import Foundation
import Synchronization

/// A sentence-transformers BERT model loaded from its folder, ready to embed text.
///
///     let model = try EmbeddingModel(folder: EmbeddingModel.defaultFolder)
///     let vectors = model.embed(["a query", "a document"])  // model.dimension floats each
///
/// Thread-safe: the weights are immutable and every call gets its own scratch memory.
public final class EmbeddingModel: Sendable {
    public let config: ModelConfig
    public let tokenizer: BertTokenizer
    /// Folder name plus a fingerprint of the weights, e.g. `all-MiniLM-L6-v2@3f9c2a1b`: tag
    /// stored vectors with it so vectors from different models are never compared.
    public let id: String
    public var dimension: Int { config.hiddenSize }
    /// The precision the linear layers run at: the one asked for, or f32 where the CPU has no
    /// int8 kernel. Stored with the vectors.
    public let precision: Precision
    private let bert: BertModel

    /// `$PAPERBOY_MODEL` if set, else `./models/all-MiniLM-L6-v2` (installed by scripts/setup-model.sh).
    public static var defaultFolder: URL {
        if let path = ProcessInfo.processInfo.environment["PAPERBOY_MODEL"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return URL(fileURLWithPath: "models/all-MiniLM-L6-v2")
    }

    public init(folder: URL, precision: Precision = .best) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw EmbeddingError.missingFile("\(folder.path)/ (model folder)")
        }
        config = try ModelConfig(folder: folder)
        tokenizer = try BertTokenizer(folder: folder, options: config.tokenizer, maxLength: config.maxSequenceLength)
        if let largest = tokenizer.vocabulary.values.max(), Int(largest) >= config.vocabSize {
            throw EmbeddingError.badFile(folder.appendingPathComponent("vocab.txt").path,
                                         "token id \(largest) is outside the model's vocab_size \(config.vocabSize)")
        }
        let weightsFile = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        var weights = try BertWeights(file: weightsFile, config: config)
        self.precision = precision.available
        if self.precision == .int8 { try weights.quantize(BertWeights.LinearKind.int8Tolerant) }
        bert = BertModel(config: config, weights: weights)
        let fingerprint = String(weightsFile.fingerprint() >> 32, radix: 16)
        id = folder.standardizedFileURL.lastPathComponent + "@" + String(repeating: "0", count: 8 - fingerprint.count) + fingerprint
    }

    /// How work is spread over the cores: `workers` batches run at once, each using
    /// `blasThreads` OpenBLAS threads. The default, one worker per core with single-threaded
    /// BLAS, measured fastest (small attention GEMMs and the elementwise passes then run in
    /// parallel too).
    public struct Parallelism: Sendable {
        public var workers: Int
        public var blasThreads: Int
        public var batchSize: Int

        public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, blasThreads: Int = 1, batchSize: Int = 32) {
            self.workers = max(1, workers)
            self.blasThreads = max(1, blasThreads)
            self.batchSize = max(1, batchSize)
        }
    }

    /// Unit-length (when the model normalizes) sentence vectors, in input order.
    public func embed(_ texts: [String]) -> [[Float]] {
        embed(texts, parallelism: Parallelism(), progress: nil)
    }

    /// As `embed(_:)`; `progress` is called (from worker threads) with the number of texts
    /// finished so far after each batch.
    public func embed(_ texts: [String], parallelism: Parallelism,
                      progress: (@Sendable (_ finished: Int) -> Void)?) -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let sequences = tokenize(texts, workers: parallelism.workers)
        // Longest first, so the big batches start early and the short tail balances the workers.
        let order = sequences.indices.sorted { sequences[$0].count > sequences[$1].count }
        // At least one batch per worker, so that a small call (serve's background job embeds 32
        // papers at a time) still keeps every core busy.
        let batchSize = min(parallelism.batchSize, (texts.count + parallelism.workers - 1) / parallelism.workers)
        let batches = stride(from: 0, to: order.count, by: batchSize).map {
            Array(order[$0..<min($0 + batchSize, order.count)])
        }
        openblas_set_num_threads(Int32(parallelism.blasThreads))

        let results = ResultSlots<[Float]>(count: texts.count)
        let nextBatch = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(parallelism.workers, batches.count)) { _ in
            let workspace = BertModel.Workspace()
            while true {
                let b = nextBatch.wrappingAdd(1, ordering: .relaxed).oldValue
                guard b < batches.count else { return }
                let batch = batches[b].map { sequences[$0] }
                let hidden = bert.forward(batch, workspace: workspace)
                let vectors = Pooling.pool(hidden, lengths: batch.map(\.count), width: config.hiddenSize,
                                           mode: config.pooling, normalize: config.normalize)
                for (slot, vector) in zip(batches[b], vectors) { results.set(slot, vector) }
                let done = finished.add(batch.count, ordering: .relaxed).newValue
                progress?(done)
            }
        }
        return results.values
    }

    /// Token ids for every text, tokenized in parallel.
    private func tokenize(_ texts: [String], workers: Int) -> [[Int32]] {
        let results = ResultSlots<[Int32]>(count: texts.count)
        let chunk = max(64, texts.count / (workers * 4) + 1)
        let chunks = (texts.count + chunk - 1) / chunk
        DispatchQueue.concurrentPerform(iterations: chunks) { c in
            for i in (c * chunk)..<min(texts.count, (c + 1) * chunk) {
                results.set(i, tokenizer.encode(texts[i]))
            }
        }
        return results.values
    }
}

/// One slot per input, each written by exactly one worker, read after all workers finish.
private final class ResultSlots<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = Mutex(())

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
        lock.withLock { _ in slots[index] = value }
    }

    var values: [Value] { slots.map { $0! } }
}
