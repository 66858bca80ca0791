import ArgumentParser
import Foundation
import PaperboyStore
import Synchronization
import Web

/// `paperboy copy-db`: moves a whole hub between SQLite and PostgreSQL (either way, or between
/// two of the same), then checks every table's row count on both sides.
struct CopyDBCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "copy-db",
        abstract: "Copy every paper, account, vote, comment, collection, subscription and message to another database.",
        discussion: """
            Rows keep their ids; running it again updates what changed and adds what is new (it \
            deletes nothing). Stop the hub's writers first for an exact copy, or run it twice.
            """)

    @Option(help: ArgumentHelp("The database to read: a SQLite file or a postgres:// URL.", valueName: "path-or-url"))
    var from: String
    @Option(help: ArgumentHelp("The database to write, created when missing: a SQLite file or a postgres:// URL.", valueName: "path-or-url"))
    var to: String

    func validate() throws {
        guard from != to else { throw ValidationError("--from and --to name the same database") }
    }

    func run() async throws {
        // Opening a missing SQLite file would create an empty one, and copy nothing.
        guard StoreLocation.isServerURL(from) || FileManager.default.fileExists(atPath: from) else {
            throw CLIError("no database at \(from)")
        }
        let source = try await StoreOptions.open(from)
        let destination = try await StoreOptions.open(to)
        let start = Date()
        let reporters = Mutex<[String: ProgressReporter]>([:])
        let counts: [StoreCopier.TableCount]
        do {
            counts = try await StoreCopier(from: source, to: destination).run { table, copied, total in
                guard total > 0 else { return }
                let reporter = reporters.withLock { reporters in
                    if let reporter = reporters[table.name] { return reporter }
                    let reporter = ProgressReporter(label: "copying \(table.name)", unit: "rows")
                    reporters[table.name] = reporter
                    return reporter
                }
                if copied == total { reporter.finish(done: copied) } else { reporter.update(done: copied, fraction: Double(copied) / Double(max(total, 1))) }
            }
        } catch let error as CopyError {
            throw CLIError(error.description)
        }
        let rows = counts.reduce(0) { $0 + $1.destination }
        let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
        print("copied \(ProgressReporter.grouped(rows)) rows in \(counts.count) tables, counts checked, in \(seconds) s")
        for count in counts where count.destination > 0 { print("  \(count.table): \(ProgressReporter.grouped(count.destination))") }
    }
}
