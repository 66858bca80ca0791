import ArgumentParser
import Foundation
import Ingest
import PaperboyCore
import PaperboyStore

/// `paperboy bench store`: imports the real Kaggle-format files end to end (files → `Importer`
/// → store, as `paperboy import` does), then the same papers pre-parsed into the store alone,
/// then a synthetic set made from them, and times keyword searches. Goals: import ≥ 30,000
/// papers/s end to end; at 1M papers search p50 ≤ 10 ms and p99 ≤ 50 ms.
struct BenchStoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Import and keyword-search speed of the SQLite store.")

    @Option(help: "Kaggle JSONL(.gz) files to import (default: the two dumps in ../shared/data/arxiv-metadata).")
    var input: [String] = []
    @Option(help: "Size of the synthetic set built from the real papers (0 skips it).") var papers = 1_000_000
    @Option(help: "Folder for the benchmark databases (deleted and recreated).") var dir = "/tmp/paperboy-bench"
    @Option(help: "Times each query runs (after one warm-up run).") var repeats = 5
    @Option(help: "Matches ranked at most for very common terms (SQLiteStore.rankingWindow).")
    var rankingWindow = SQLiteStore.defaultRankingWindow
    @Flag(help: "Only time searches, on the databases a previous run left in --dir.") var searchOnly = false
    @Flag(help: "Stop after the end-to-end import (the import goal's number), skipping the store-only runs and searches.")
    var importOnly = false
    @Option(help: "Records per transaction of the end-to-end import.") var batch = Importer.defaultBatchSize
    @Flag(inversion: .prefixedNo, help: "Search with the in-memory keyword index (else FTS5 alone).") var keywordIndex = true
    @Flag(inversion: .prefixedNo, help: "Count matches as the results page does (else as the JSON API: the page alone).")
    var countsTotal = true
    @Option(name: .customLong("query"), help: "Time this query, with its median, instead of the fixed list (repeatable).")
    var customQueries: [String] = []

    static let importGoal = 30_000.0, p50Goal = 10.0, p99Goal = 50.0

    func run() async throws {
        if searchOnly {
            for name in ["real", "synthetic"] where FileManager.default.fileExists(atPath: dir + "/\(name).sqlite") {
                try await searchAndReport(name, store: SQLiteStore.open(path: dir + "/\(name).sqlite", rankingWindow: rankingWindow,
                                                                        keywordIndex: keywordIndex))
            }
            return
        }
        let files = input.isEmpty ? Self.defaultInputs() : input.map { URL(fileURLWithPath: $0) }
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)

        try await importFiles(files)
        guard !importOnly else { return }

        var clock = Stopwatch()
        let real = try Self.load(files)
        let parseSeconds = clock.lap()
        print(String(format: "parse only (gunzip + JSON + Paper, one thread): %d papers in %.2f s = %.0f papers/s (not part of the store numbers)",
                     real.count, parseSeconds, Double(real.count) / parseSeconds))

        try await writerCeiling(real)
        let realStore = try SQLiteStore.open(path: dir + "/real.sqlite", rankingWindow: rankingWindow, keywordIndex: keywordIndex)
        try await importAndReport("real", papers: real.count, store: realStore) { upsert in
            for batch in real.chunks(of: 5_000) { try await upsert(batch) }
        }
        clock.lap()
        var unchanged = UpsertResult()
        for batch in real.chunks(of: 5_000) { unchanged = unchanged + (try await realStore.upsert(batch)) }
        let reimport = Double(real.count) / clock.lap()
        print(String(format: "re-import (all unchanged: %@): %.0f papers/s", unchanged.unchanged == real.count ? "yes" : "NO", reimport))
        try await searchAndReport("real", store: realStore)

        guard papers > 0 else { return }
        let synthetic = SyntheticPapers(from: real)
        let bigStore = try SQLiteStore.open(path: dir + "/synthetic.sqlite", rankingWindow: rankingWindow, keywordIndex: keywordIndex)
        try await importAndReport("synthetic", papers: papers, store: bigStore) { upsert in
            var made = 0
            while made < papers {
                let n = min(5_000, papers - made)
                try await upsert(synthetic.make(range: made..<made + n))
                made += n
            }
        }
        try await searchAndReport("synthetic", store: bigStore)
    }

    /// The whole import path on a fresh database: reading, gunzip, JSON, papers and the
    /// store's writes, overlapped as `paperboy import` overlaps them, and like it ending with
    /// the write-ahead log copied into the database file.
    func importFiles(_ files: [URL]) async throws {
        let path = dir + "/import.sqlite"
        let store = try SQLiteStore.open(path: path, rankingWindow: rankingWindow)
        var clock = Stopwatch()
        let cpuBefore = Stopwatch.processCPUSeconds()
        let report = try await Importer(store: store, batchSize: batch, resume: false).run(files: files)
        try await store.checkpointWriteAheadLog()
        let seconds = clock.lap()
        let cpu = Stopwatch.processCPUSeconds() - cpuBefore
        let rate = Double(report.read) / seconds
        print(String(format: "import (files → Importer → store, fresh DB, batches of %d): %d records (%d new, %d skipped) in %.2f s = %.0f papers/s (goal %.0f: %.2fx); %.0f papers per CPU-second; DB %.0f MB",
                     batch, report.read, report.inserted, report.skipped, seconds, rate, Self.importGoal, rate / Self.importGoal,
                     Double(report.read) / cpu, Double(Self.size(of: path)) / 1_048_576))
    }

    /// The most an import could reach with parsing and preparing free: every batch prepared
    /// first (rows encoded, full-text tokens made), then only the store's writes, back to back,
    /// on a fresh database. SQLite has one writer, so no pipeline imports faster than this.
    func writerCeiling(_ papers: [Paper]) async throws {
        let path = dir + "/writes-alone.sqlite"
        let store = try SQLiteStore.open(path: path, rankingWindow: rankingWindow)
        var clock = Stopwatch()
        let prepared = try papers.chunks(of: batch).map { try store.prepareUpsert($0) }
        let prepareSeconds = clock.lap()
        let cpuBefore = Stopwatch.processCPUSeconds()
        for upsert in prepared { _ = try await upsert(checkpoint: nil) }
        try await store.checkpointWriteAheadLog()
        let seconds = clock.lap()
        let cpu = Stopwatch.processCPUSeconds() - cpuBefore
        print(String(format: "writes alone (batches of %d prepared beforehand in %.2f s, then written back to back, fresh DB): %.2f s = %.0f papers/s (goal %.0f: %.2fx); %.2f CPU-s",
                     batch, prepareSeconds, seconds, Double(papers.count) / seconds, Self.importGoal,
                     Double(papers.count) / seconds / Self.importGoal, cpu))
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    static func defaultInputs() -> [URL] {
        let shared = ProcessInfo.processInfo.environment["PAPERBOY_SHARED"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath).deletingLastPathComponent().appendingPathComponent("shared")
        let folder = shared.appendingPathComponent("data/arxiv-metadata")
        return ["arxiv-cs-2025-2026_kaggle-format.jsonl.gz", "arxiv-quant-ph-1992-2016_kaggle-format.jsonl.gz"]
            .map { folder.appendingPathComponent($0) }
    }

    static func load(_ files: [URL]) throws -> [Paper] {
        var out: [Paper] = []
        for file in files {
            let source = try ImportSource(url: file)
            while let batch = try source.nextBatch(max: 10_000) {
                out += batch.compactMap { try? $0.get() }
            }
        }
        return out
    }

    func importAndReport(_ name: String, papers: Int, store: SQLiteStore,
                         _ body: (@Sendable ([Paper]) async throws -> Void) async throws -> Void) async throws {
        var clock = Stopwatch()
        let cpuBefore = Stopwatch.processCPUSeconds()
        try await body { batch in try await store.upsert(batch) }
        let seconds = clock.lap()
        // The machine may be shared: CPU time says what the import costs, wall time what it took.
        let cpu = Stopwatch.processCPUSeconds() - cpuBefore
        try await store.optimize()
        let optimizeSeconds = clock.lap()
        let rate = Double(papers) / seconds
        print(String(format: "%@: imported %d papers in %.1f s = %.0f papers/s (goal %.0f: %.2fx); %.0f papers per CPU-second (incl. generating them); optimize %.1f s; DB %.0f MB",
                     name, papers, seconds, rate, Self.importGoal, rate / Self.importGoal, Double(papers) / cpu, optimizeSeconds,
                     Double(Self.size(of: dir + "/\(name).sqlite")) / 1_048_576))
    }

    func searchAndReport(_ name: String, store: SQLiteStore) async throws {
        var clock = Stopwatch()
        await store.prepareKeywordIndex()
        if keywordIndex { print(String(format: "%@: keyword index built in %.1f s", name, clock.lap())) }
        var times: [Double] = []
        var slowest: [(Double, String)] = []
        for query in customQueries.isEmpty ? Self.queries : customQueries {
            let request = SearchRequest(query: query, limit: 20, countsTotal: countsTotal)
            _ = try await store.search(request)
            var these: [Double] = []
            let cpuBefore = Stopwatch.processCPUSeconds()
            for _ in 0..<repeats {
                var clock = Stopwatch()
                _ = try await store.search(request)
                these.append(clock.lap() * 1000)
            }
            times += these
            slowest.append((these.max() ?? 0, query))
            // CPU time as well: on a shared machine it varies far less than wall time.
            let cpu = (Stopwatch.processCPUSeconds() - cpuBefore) * 1000 / Double(repeats)
            if !customQueries.isEmpty { print(String(format: "   median %7.3f ms, CPU %7.3f ms  %@", these.sorted()[these.count / 2], cpu, query)) }
        }
        times.sort()
        let p50 = times[times.count / 2], p99 = times[min(times.count - 1, Int(Double(times.count) * 0.99))]
        print(String(format: "%@ (%@): %d queries x %d: search p50 %.2f ms (goal %.0f: %.2fx), p99 %.2f ms (goal %.0f: %.2fx), max %.2f ms",
                     name, keywordIndex ? "in-memory keyword index" : "FTS5, ranking window \(rankingWindow)", times.count / max(1, repeats), repeats, p50, Self.p50Goal, p50 / Self.p50Goal, p99, Self.p99Goal, p99 / Self.p99Goal, times.last!))
        for (ms, query) in slowest.sorted(by: { $0.0 > $1.0 }).prefix(5) {
            print(String(format: "   slowest: %7.2f ms  %@", ms, query))
        }
    }

    static func size(of path: String) -> Int64 {
        ["", "-wal"].reduce(0) { total, suffix in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
            return total + ((attributes?[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Realistic searches: words, phrases, authors, categories and dates, common and rare.
    static let queries = [
        "learning", "transformer", "diffusion", "quantum", "entanglement", "graph", "robot", "privacy", "llm",
        "segmentation", "decoherence", "topological", "federated", "attention", "agents", "retrieval",
        "hallucination", "qubit", "neural network", "language models", "quantum computing", "image generation",
        "reinforcement learning", "graph neural networks", "large language models reasoning", "bell inequality",
        "error correction codes", "speech recognition", "autonomous driving", "medical imaging", "code generation",
        "time series forecasting", #""large language models""#, #""quantum key distribution""#,
        #""reinforcement learning from human feedback""#, #""chain of thought""#, #""mixture of experts""#,
        #""quantum error correction""#, "author:wang", "author:zhang learning", #"author:"yoshua bengio""#,
        "author:li cat:cs.CV", "transformer cat:cs.CL", "quantum cat:quant-ph", "diffusion cat:cs.CV",
        "learning cat:cs.*", "privacy cat:cs.CR since:2025-06-01", "graph -cat:cs.LG", "agents year:2025",
        "learning -deep", #""language models" -survey"#, "model", "data",
    ]
}

/// A stopwatch over the monotonic clock; `lap()` returns seconds since the last lap.
struct Stopwatch {
    private var start = ContinuousClock.now

    /// CPU time used by every thread of the process so far.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    @discardableResult
    mutating func lap() -> Double {
        let now = ContinuousClock.now
        defer { start = now }
        let d = now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// Papers with new ids and reshuffled real text: a title spliced from two titles, an
/// abstract from the sentences of three abstracts, another paper's authors, dates spread over
/// three years. Deterministic: paper `i` is always the same.
struct SyntheticPapers: Sendable {
    let base: [Paper]
    let sentences: [[Substring]]

    init(from base: [Paper]) {
        self.base = base
        sentences = base.map { $0.abstract.split(separator: ". ") }
    }

    func make(range: Range<Int>) -> [Paper] {
        range.map { i in
            var rng = SeededGenerator(state: UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
            func pick() -> Int { Int(rng.next() % UInt64(base.count)) }
            let t1 = base[pick()], t2 = base[pick()], authors = base[pick()].authors
            let w1 = t1.title.split(separator: " "), w2 = t2.title.split(separator: " ")
            let title = (w1.prefix((w1.count + 1) / 2) + w2.suffix(w2.count / 2)).joined(separator: " ")
            var abstract: [Substring] = []
            for source in [pick(), pick(), pick()] {
                let s = sentences[source]
                abstract += s.prefix(max(1, s.count / 3 + 1))
            }
            let day = Int(rng.next() % 1_095)
            let published = Date(timeIntervalSince1970: 1_672_531_200 + Double(day) * 86_400 + Double(rng.next() % 86_400))
            return Paper(id: String(format: "syn.%07d", i), title: title, abstract: abstract.joined(separator: ". "),
                         authors: authors, categories: t1.categories, published: published,
                         announced: Day(published.addingTimeInterval(86_400)))
        }
    }
}

extension Array {
    func chunks(of size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min(count, $0 + size)]) }
    }
}
