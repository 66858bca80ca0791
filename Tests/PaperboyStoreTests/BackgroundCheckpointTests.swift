import Foundation
import GRDB
import Testing
import PaperboyCore
import PaperboyStore

/// A file store checkpoints its write-ahead log on a connection of its own after every
/// upsert; these check that this loses nothing and never gets in the way of `optimize()`.
@Suite("SQLite file store: background checkpoints")
struct BackgroundCheckpointTests {
    func papers(_ range: Range<Int>) -> [Paper] {
        range.map { i in
            Paper(id: "2501.\(String(format: "%05d", i))", title: "Paper \(i) on graphs",
                  abstract: String(repeating: "A long abstract about graph number \(i). ", count: 40), categories: ["cs.LG"])
        }
    }

    func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-ckpt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func upsertsThenOptimizeRightAwayKeepEverythingAndEmptyTheLog() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore.open(path: path)
        for start in stride(from: 0, to: 2_000, by: 100) {
            #expect(try await store.upsert(papers(start..<start + 100)) == UpsertResult(inserted: 100))
        }
        // Optimize's own (blocking) checkpoint comes straight after the last upsert's
        // background one started: it must wait for it, not fail as busy.
        try await store.optimize()
        let wal = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber
        #expect(wal?.intValue == 0)
        #expect(try await store.stats().papers == 2_000)
        try await store.checkFullTextIndex()

        // A second connection sees every paper in the database file itself.
        let reader = try DatabaseQueue(path: path)
        #expect(try await reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM paper") } == 2_000)
    }

    @Test func afterCheckpointingTheLogTheDatabaseFileAloneHoldsEveryPaper() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("store.sqlite").path
        let store = try SQLiteStore.open(path: path)
        for start in stride(from: 0, to: 1_000, by: 250) {
            try await store.upsert(papers(start..<start + 250))
        }
        try await store.checkpointWriteAheadLog()
        // A copy of the database file without its log: only what was checkpointed is in it.
        let copy = dir.appendingPathComponent("copy.sqlite").path
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let reader = try DatabaseQueue(path: copy)
        #expect(try await reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM paper") } == 1_000)
    }
}
