import Foundation
import Testing

/// Defect 9 at the command line: runs the `paperboy` binary built next to the tests.
@Suite(.enabled(if: BuiltBinary.paperboy != nil, "needs the paperboy binary (swift build --build-tests)"))
struct ImportCommandTests {

    @Test func emptyDirectoryIsAnErrorAndLeavesNoDatabase() throws {
        let dir = try temporaryDirectory()
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("db/paperboy.sqlite").path
        let result = try BuiltBinary.run(["import", empty.path, "--db", db])
        #expect(result.status == 1)
        #expect(result.stderr.contains("nothing to import: \(empty.path) holds no file in a known format"))
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func failedImportLeavesNoEmptyDatabase() throws {
        let dir = try temporaryDirectory()
        // A gzip file cut short in its first batch: the import fails before anything is written.
        let jsonl = (0..<50).map { #"{"id":"0704.\#(String(format: "%04d", $0 + 1))","title":"T","abstract":"A"}"# }.joined(separator: "\n")
        let gz = dir.appendingPathComponent("cut.jsonl.gz")
        let source = dir.appendingPathComponent("cut.jsonl")
        try Data(jsonl.utf8).write(to: source)
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-k", source.path]
        try gzip.run(); gzip.waitUntilExit()
        let whole = try Data(contentsOf: gz)
        try whole.prefix(whole.count / 2).write(to: gz)
        try FileManager.default.removeItem(at: source)
        let db = dir.appendingPathComponent("paperboy.sqlite").path
        let result = try BuiltBinary.run(["import", gz.path, "--db", db])
        #expect(result.status == 1 && result.stderr.contains("truncated or corrupt"))
        #expect(!FileManager.default.fileExists(atPath: db) && !FileManager.default.fileExists(atPath: db + "-wal"))
    }
}

enum BuiltBinary {
    /// `paperboy` in the build folder the tests run from.
    static let paperboy: URL? = {
        let url = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("paperboy")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }()

    /// Runs `paperboy` with `arguments`; what it printed on each stream.
    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = paperboy
        process.arguments = arguments
        process.environment = ["PAPERBOY_NO_REEXEC": "1", "PATH": "/usr/bin:/bin"]
        // Standard output goes to a file, so neither stream can fill while the other is read.
        let outFile = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-out-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: outFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: outFile) }
        let err = Pipe()
        process.standardError = err
        process.standardOutput = try FileHandle(forWritingTo: outFile)
        try process.run()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: outFile, encoding: .utf8), errors)
    }
}
