import ArgumentParser
import Foundation
import Ingest
import PaperboyStore

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import papers from files.",
        discussion: """
        Formats are detected from the content: Kaggle arxiv-metadata-oai-snapshot JSON Lines \
        (plain or .gz), arXiv API Atom, OAI-PMH (arXiv, arXivRaw, oai_dc), arXiv RSS, legacy .abs \
        files and Hugging Face daily_papers / papers JSON. Directories are searched recursively. \
        Each batch is committed with a checkpoint, so an interrupted import re-run continues where \
        it stopped; importing a file again changes nothing.
        """)

    @Argument(help: ArgumentHelp("Files or directories to import.", valueName: "file"))
    var files: [String]

    @Flag(help: "Stop at the first malformed record (its batch is not written) instead of skipping it.")
    var strict = false

    @Option(help: "Records per transaction.")
    var batch = Importer.defaultBatchSize

    @Flag(help: "Ignore checkpoints of earlier runs and read every file from the start.")
    var restart = false

    @Flag(help: "Parse and report without writing to the database.")
    var dryRun = false

    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be a positive number, not \(batch)") }
    }

    func run() async throws {
        let urls = try Self.expand(files)
        guard !urls.isEmpty else {
            throw CLIError("nothing to import: \(files.joined(separator: ", ")) holds no file in a known format")
        }
        let progress = ProgressReporter(label: dryRun ? "checking" : "importing")
        let onProgress: @Sendable (ImportProgress) -> Void = { p in
            progress.update(done: p.totalRecords, fraction: p.allBytesTotal > 0 ? Double(p.allBytesRead) / Double(p.allBytesTotal) : nil)
        }
        let skips = SkipLog()
        let started = Date()
        let report: ImportReport
        do {
            report = try await importing(urls, progress: onProgress, skipped: skips.add)
        } catch {
            // The error carries no report: say what was skipped in the batches already committed.
            skips.print()
            throw error
        }
        progress.finish(done: report.read + report.resumed)
        let seconds = Date().timeIntervalSince(started)
        skips.print()
        print(Self.summary(report, files: urls.count, seconds: seconds, dryRun: dryRun))
    }

    private func importing(_ urls: [URL], progress: @escaping @Sendable (ImportProgress) -> Void,
                           skipped: @escaping @Sendable (RecordError) -> Void) async throws -> ImportReport {
        if dryRun { return try await Importer.dryRun(files: urls, batchSize: batch, strict: strict, progress: progress, skipped: skipped) }
        let isNew = !StoreLocation.isServerURL(storeOptions.path) && !FileManager.default.fileExists(atPath: storeOptions.path)
        let store = try await storeOptions.openStore()
        do {
            let report = try await Importer(store: store, batchSize: batch, strict: strict, resume: !restart)
                .run(files: urls, progress: progress, skipped: skipped)
            try await (store as? SQLiteStore)?.checkpointWriteAheadLog()
            return report
        } catch {
            // A database this run created and left without a paper is not left behind.
            if isNew, (try? await store.paperCount()) == 0 {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: storeOptions.path + suffix) }
            }
            throw error
        }
    }

    static func summary(_ r: ImportReport, files: Int, seconds: TimeInterval, dryRun: Bool) -> String {
        let rate = seconds > 0 ? Int(Double(r.read) / seconds) : 0
        var parts = ["read \(ProgressReporter.grouped(r.read)) records from \(files) file\(files == 1 ? "" : "s")"]
        if !dryRun {
            parts.append("\(ProgressReporter.grouped(r.inserted)) new, \(ProgressReporter.grouped(r.updated)) updated, \(ProgressReporter.grouped(r.unchanged)) unchanged")
        }
        parts.append("\(ProgressReporter.grouped(r.skipped)) skipped")
        if r.resumed > 0 { parts.append("\(ProgressReporter.grouped(r.resumed)) already imported") }
        if r.deleted > 0 { parts.append("\(r.deleted) deleted") }
        return (dryRun ? "Dry run: " : "Imported: ") + parts.joined(separator: ", ")
            + String(format: " in %.1f s (%@ records/s)", seconds, ProgressReporter.grouped(rate))
    }

    /// Files as given; directories replaced by the files under them that are in a known
    /// format, in name order (others, like READMEs, are listed on stderr and left out).
    static func expand(_ paths: [String]) throws -> [URL] {
        try paths.flatMap { path -> [URL] in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw IngestError.unreadable(file: path, reason: "no such file or directory")
            }
            guard isDirectory.boolValue else { return [URL(fileURLWithPath: path)] }
            let walker = FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: [.isRegularFileKey])
            let files = (walker?.compactMap { $0 as? URL } ?? [])
                .filter { (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
                .sorted { $0.path < $1.path }
            return try files.filter { file in
                if try InputFormat.detect(fileAt: file) != nil { return true }
                FileHandle.standardError.write(Data("ignoring \(file.path): not a recognised format\n".utf8))
                return false
            }
        }
    }
}

/// The records an import left out, as it reports them: the first `Importer.maxReportedSkips`
/// are kept for stderr, the rest counted.
private final class SkipLog: @unchecked Sendable {
    private let lock = NSLock()
    private var first: [RecordError] = []
    private var count = 0

    func add(_ problem: RecordError) {
        lock.withLock {
            count += 1
            if first.count < Importer.maxReportedSkips { first.append(problem) }
        }
    }

    func print() {
        let (problems, total) = lock.withLock { (first, count) }
        for problem in problems { FileHandle.standardError.write(Data("skipped \(problem)\n".utf8)) }
        if total > problems.count {
            FileHandle.standardError.write(Data("… and \(total - problems.count) more skipped records\n".utf8))
        }
    }
}
