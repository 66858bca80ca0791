import Foundation
import Testing

/// Bundled fixtures (see Fixtures/ATTRIBUTION.md) and the optional shared data set.
enum Fixture {
    static func url(_ path: String) -> URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(path)
    }
    static func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    /// `PAPERBOY_SHARED`, else `<repo root>/../shared`; nil when absent.
    static let shared: URL? = {
        let env = ProcessInfo.processInfo.environment["PAPERBOY_SHARED"].map { URL(fileURLWithPath: $0) }
        let sibling = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared")
        return [env, sibling].compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.appendingPathComponent("data").path) }
    }()
    static var hasShared: Bool { shared != nil }
    static func sharedData(_ path: String) -> URL { shared!.appendingPathComponent("data").appendingPathComponent(path) }
}

/// Expected instants built independently of the parsers under test.
func utc(_ iso: String) -> Date {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.date(from: iso)!
}

/// A fresh temporary directory for a test's own files.
func temporaryDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ingest-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
