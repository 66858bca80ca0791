import ArgumentParser
import Foundation
import PaperboyStore

/// `--db PATH`: the SQLite database every command that reads or writes papers uses.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file (env PAPERBOY_DB).", valueName: "path"))
    var db: String = ProcessInfo.processInfo.environment["PAPERBOY_DB"] ?? "./data/paperboy.sqlite"

    /// Opens the database, creating it (and its folder) when missing.
    func openStore() throws -> SQLiteStore {
        let folder = URL(fileURLWithPath: db).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try SQLiteStore.open(path: db)
    }
}
