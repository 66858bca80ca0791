import Foundation
import PaperboyCore
import PaperboyStore

/// Where an import is, reported after every committed batch.
public struct ImportProgress: Sendable {
    public var file: String
    /// Records read in this file so far (malformed ones included).
    public var records: Int
    /// Records read in all files so far.
    public var totalRecords: Int
    /// Bytes of this file consumed (compressed bytes for gzip) and its size.
    public var bytesRead: Int64
    public var bytesTotal: Int64
    /// The same over all the files of the run: `allBytesRead / allBytesTotal` is the share done.
    public var allBytesRead: Int64
    public var allBytesTotal: Int64
}

/// What an import did.
public struct ImportReport: Sendable, Equatable {
    /// Records read (parsed or not), not counting those skipped by resuming.
    public var read = 0
    public var inserted = 0, updated = 0, unchanged = 0
    /// Malformed records left out.
    public var skipped = 0
    /// Records passed over because a checkpoint says an earlier run committed them.
    public var resumed = 0
    /// OAI tombstones applied.
    public var deleted = 0
    /// The first malformed records, in order (at most `Importer.maxReportedSkips`).
    public var skipReasons: [RecordError] = []
    public init() {}
}

/// Reads files of any `InputFormat` and upserts their papers in batches. Each batch is one
/// store transaction that also saves the checkpoint `import:<path>` (records consumed and a
/// fingerprint of the file), so a killed import re-run picks up after the last committed batch
/// and nothing is ever half-written. Parsing and preparing (`PaperStore.prepareUpsert`) the
/// next batch overlaps the store's write of the previous one (`OrderedWrites`).
public struct Importer: Sendable {
    /// Nil for a dry run: parse and count, write nothing.
    let store: (any PaperStore)?
    public let batchSize: Int
    /// Abort at the first malformed record (its batch is not written) instead of skipping it.
    public let strict: Bool
    /// Skip what an earlier run of the same, unchanged file committed.
    public let resume: Bool
    public static let maxReportedSkips = 20
    public static let defaultBatchSize = 5000

    public init(store: any PaperStore, batchSize: Int = defaultBatchSize, strict: Bool = false, resume: Bool = true) {
        self.init(store: Optional(store), batchSize: batchSize, strict: strict, resume: resume)
    }

    private init(store: (any PaperStore)?, batchSize: Int, strict: Bool, resume: Bool) {
        precondition(batchSize > 0, "batch size must be positive")
        self.store = store; self.batchSize = batchSize; self.strict = strict; self.resume = resume
    }

    /// Parses the files as an import would and reports what it would read and skip, without a store.
    public static func dryRun(files: [URL], batchSize: Int = defaultBatchSize, strict: Bool = false,
                              progress: @escaping @Sendable (ImportProgress) -> Void = { _ in },
                              skipped: @escaping @Sendable (RecordError) -> Void = { _ in }) async throws -> ImportReport {
        try await Importer(store: nil, batchSize: batchSize, strict: strict, resume: false).run(files: files, progress: progress, skipped: skipped)
    }

    /// `skipped` hears of each malformed record as it is left out, so a caller can still
    /// show why when the import later aborts (the thrown error carries no report).
    public func run(files: [URL], progress: @escaping @Sendable (ImportProgress) -> Void = { _ in },
                    skipped: @escaping @Sendable (RecordError) -> Void = { _ in }) async throws -> ImportReport {
        // Open every file first: a file in no known format fails before anything is written.
        let sources = try files.map { try ImportSource(url: $0) }
        var report = ImportReport()
        let allBytes = sources.reduce(0) { $0 + $1.totalBytes }
        var bytesBefore: Int64 = 0
        for source in sources {
            let before = bytesBefore
            try await importFile(source, into: &report, skipped: skipped) { p in
                var p = p
                p.allBytesRead = before + p.bytesRead
                p.allBytesTotal = allBytes
                progress(p)
            }
            bytesBefore += source.totalBytes
        }
        return report
    }

    private func importFile(_ source: ImportSource, into report: inout ImportReport, skipped: @Sendable (RecordError) -> Void,
                            progress: @Sendable (ImportProgress) -> Void) async throws {
        let key = "import:\(source.url.standardizedFileURL.path)"
        let fingerprint = Self.fingerprint(source.url)
        if resume, let saved = try await store?.checkpoint(source: key), saved.datestamp == fingerprint,
           let done = saved.token.flatMap(Int.init), done > 0 {
            try source.skip(done)
            report.resumed += source.position
        }
        let startPosition = source.position
        let readBefore = report.read
        var writes = OrderedWrites<UpsertResult>()
        do {
            while let batch = try source.nextBatch(max: batchSize) {
                var papers: [Paper] = []
                papers.reserveCapacity(batch.count)
                for record in batch {
                    switch record {
                    case .success(let paper): papers.append(paper)
                    case .failure(let problem):
                        if strict { throw problem }
                        report.skipped += 1
                        skipped(problem)
                        if report.skipReasons.count < Self.maxReportedSkips { report.skipReasons.append(problem) }
                    }
                }
                report.read = readBefore + source.position - startPosition
                let checkpoint = Checkpoint(source: key, token: String(source.position), datestamp: fingerprint)
                if let store {
                    // Preparing (encoding rows, tokenizing) overlaps parsing the next batch.
                    let upsert = Task { try store.prepareUpsert(papers) }
                    if let done = try await writes.submit({ try await upsert.value(checkpoint: checkpoint) }) { add(done, to: &report) }
                }
                progress(ImportProgress(file: source.url.path, records: source.position, totalRecords: report.read + report.resumed,
                                        bytesRead: source.bytesRead, bytesTotal: source.totalBytes,
                                        allBytesRead: source.bytesRead, allBytesTotal: source.totalBytes))
            }
            if let done = try await writes.finish() { add(done, to: &report) }
        } catch {
            // Let the batch already handed to the store finish (it is whole and valid) before failing.
            _ = try? await writes.finish()
            throw error
        }
        if let store, !source.deletedIDs.isEmpty {
            try await store.delete(ids: source.deletedIDs, checkpoint: nil)
            report.deleted += source.deletedIDs.count
        }
    }

    private func add(_ result: UpsertResult, to report: inout ImportReport) {
        report.inserted += result.inserted
        report.updated += result.updated
        report.unchanged += result.unchanged
    }

    /// Size and modification time: a changed file is imported from the start again.
    static func fingerprint(_ url: URL) -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        let size = (attributes?[.size] as? NSNumber)?.int64Value ?? -1
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "size=\(size);mtime=\(Int64(modified))"
    }
}
