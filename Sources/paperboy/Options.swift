import ArgumentParser
import Foundation
import Web
import PaperboyStore

/// `--db PATH`, shared by every command that opens the database.
struct StoreOptions: ParsableArguments {
    static let defaultPath = "./data/paperboy.sqlite"

    @Option(name: .long, help: ArgumentHelp("SQLite database file or postgres://user:password@host:port/database URL (env PAPERBOY_DB, default \(StoreOptions.defaultPath)).", valueName: "path-or-url"))
    var db: String?

    /// Flag, else environment, else default.
    var path: String {
        db ?? ProcessInfo.processInfo.environment["PAPERBOY_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultPath
    }

    /// Opens the database, creating it and its folder when missing. Long-running commands ask
    /// for SQLite's in-memory keyword index (`SQLiteStore.prepareKeywordIndex()`).
    func openStore(keywordIndex: Bool = false) async throws -> any HubStore {
        try await Self.open(path, keywordIndex: keywordIndex)
    }

    static func open(_ location: String, keywordIndex: Bool = false) async throws -> any HubStore {
        do {
            return try await Hub.openStore(location, keywordIndex: keywordIndex)
        } catch {
            throw CLIError("cannot open database \(StoreLocation.redacted(location)): \(error)")
        }
    }
}

/// A runtime failure reported as one line on stderr, exit code 1.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// JSON as the CLI prints it: readable, stable key order, ISO dates.
enum CLIJSON {
    static func print<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        Swift.print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
