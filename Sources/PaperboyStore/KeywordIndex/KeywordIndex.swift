import Foundation
import GRDB
import Logging

/// A store's in-memory keyword index (`KeywordSegment`), kept to the store's current version.
/// When the store changes (an import, a harvest, another process), the next search rebuilds
/// it: inline for small stores, in the background for big ones while FTS5 answers meanwhile.
final class KeywordIndex: @unchecked Sendable {
    /// Stores with at most this many papers rebuild within the search that finds the index
    /// stale (the 5,000-paper sample takes about 0.1 s).
    static let inlineRebuildLimit = 20_000

    private let dbWriter: any DatabaseWriter
    private let lock = NSLock()
    private var segment: KeywordSegment?
    private var building = false
    private let logger = Logger(label: "paperboy.keyword-index")

    init(_ dbWriter: any DatabaseWriter) { self.dbWriter = dbWriter }

    /// The segment for the version `db` sees, building it if that is cheap; nil when a build
    /// is under way (or just started in the background) and the caller should use FTS5.
    func current(_ db: Database) throws -> KeywordSegment? {
        let version = try SQLiteStore.version(db)
        if let segment = lock.withLock({ segment }), segment.version == version { return segment }
        guard beginRebuild() else { return nil }
        if version.lastPaper <= Self.inlineRebuildLimit {
            defer { lock.withLock { building = false } }
            let built = try KeywordSegment.build(db, version: version)
            lock.withLock { segment = built }
            return built
        }
        Task.detached(priority: .utility) { await self.rebuild() }
        return nil
    }

    /// Builds the segment for the store as it is now, after `beginRebuild()` said yes.
    func rebuild() async {
        let start = ContinuousClock.now
        do {
            let built = try await dbWriter.read { db in try KeywordSegment.build(db, version: try SQLiteStore.version(db)) }
            lock.withLock { segment = built; building = false }
            logger.info("keyword index built", metadata: [
                "papers": "\(built.documentCount)", "terms": "\(built.terms.count)",
                "megabytes": "\(Int(built.megabytes))", "seconds": "\(ContinuousClock.now - start)"])
        } catch {
            lock.withLock { building = false }
            logger.error("keyword index build failed; searches use FTS5", metadata: ["error": "\(error)"])
        }
    }

    /// Starts a build unless one is running; returns false if one was.
    func beginRebuild() -> Bool {
        lock.withLock { building ? false : { building = true; return true }() }
    }
}
