import Foundation
import Testing

/// `--db` and `copy-db` at the command line: clear refusals, passwords never shown.
@Suite(.enabled(if: BuiltBinary.paperboy != nil, "needs the paperboy binary (swift build --build-tests)"))
struct DatabaseCommandTests {
    @Test func aServerThatIsNotThereIsReportedAtOnceWithoutThePassword() throws {
        let started = Date()
        let result = try BuiltBinary.run(["stats", "--db", "postgres://ada:hunter2@127.0.0.1:1/hub"])
        #expect(result.status == 1 && result.stderr.contains("cannot use PostgreSQL at 127.0.0.1:1"), "\(result.stderr)")
        #expect(!result.stderr.contains("hunter2") && result.stderr.contains("postgres://ada:***@127.0.0.1:1/hub"), "\(result.stderr)")
        #expect(Date().timeIntervalSince(started) < 10)
        let badURL = try BuiltBinary.run(["stats", "--db", "postgres://ada:hunter2@127.0.0.1/hub?pool=many"])
        #expect(badURL.status == 1 && badURL.stderr.contains("pool=many is not a number") && !badURL.stderr.contains("hunter2"))
    }

    @Test func copyDBCopiesAFileAndRefusesWhatCannotBeCopied() throws {
        let dir = try temporaryDirectory()
        let source = dir.appendingPathComponent("hub.sqlite").path, copy = dir.appendingPathComponent("copy/hub.sqlite").path
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../sample/arxiv-0704-sample200.jsonl").path
        #expect(try BuiltBinary.run(["import", sample, "--db", source]).status == 0)

        let copied = try BuiltBinary.run(["copy-db", "--from", source, "--to", copy])
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.hasPrefix("copied ") && copied.stdout.contains("counts checked") && copied.stdout.contains("  paper: 200\n"),
                "\(copied.stdout)")
        #expect(copied.stderr.contains("copying paper: 200 rows"), "progress per table: \(copied.stderr)")
        let stats = try BuiltBinary.run(["stats", "--json", "--db", copy])
        #expect(stats.stdout == (try BuiltBinary.run(["stats", "--json", "--db", source]).stdout) && stats.stdout.contains("\"papers\" : 200"))
        #expect(try BuiltBinary.run(["copy-db", "--from", source, "--to", copy]).status == 0, "a second run is safe")

        let missing = dir.appendingPathComponent("missing.sqlite").path
        let nothing = try BuiltBinary.run(["copy-db", "--from", missing, "--to", copy])
        #expect(nothing.status == 1 && nothing.stderr.contains("no database at \(missing)"))
        #expect(!FileManager.default.fileExists(atPath: missing), "a missing source is not created")
        let same = try BuiltBinary.run(["copy-db", "--from", source, "--to", source])
        #expect(same.status == 2 && same.stderr.contains("--from and --to name the same database"))
    }
}
