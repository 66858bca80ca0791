import Foundation
@testable import PaperboyPostgres
import PaperboyStore
import Synchronization
import Testing

/// Readers follow papers by their numbers (rowids, change seqs): on PostgreSQL a writer that
/// took a number must commit before another writer takes a larger one, or a reader between
/// the two commits would skip the smaller number for good.
@Suite("PostgreSQL: paper writers commit in number order", .enabled(if: StoreKind.postgresURL != nil, "needs PAPERBOY_TEST_POSTGRES"))
struct PostgresWriteOrderTests {
    @Test func aSecondWriterWaitsForTheFirstToCommit() async throws {
        let url = StoreKind.withFreshSchema(StoreKind.postgresURL ?? "")
        let first = try await PostgresStore.connect(url), second = try await PostgresStore.connect(url)
        try await first.upsert([Fixtures.attention])
        let before = try await first.version()
        let firstCommitted = Mutex<ContinuousClock.Instant?>(nil)
        let holding = Task {
            try await first.transaction { connection in
                // A change number taken now, committed a second later.
                try await connection.query("UPDATE paper SET comments = 'held' WHERE id = \(Fixtures.attention.id)", logger: first.logger)
                try await Task.sleep(for: .seconds(1))
                firstCommitted.withLock { $0 = .now }
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        try await second.upsert([Fixtures.bert])
        let secondDone = ContinuousClock.now
        try await holding.value
        let committed = try #require(firstCommitted.withLock { $0 })
        #expect(secondDone >= committed, "the second writer finished before the first committed")
        // Every number taken after `before` is seen once both have committed.
        let after = try await first.version()
        #expect(after.lastPaper > before.lastPaper && after.lastChange > before.lastChange)
        let changed = try await second.keywordChanges(since: before, limit: 10)
        #expect(changed.count == 2)
    }
}
