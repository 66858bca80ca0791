import Foundation
import PaperboyPostgres
import PaperboyStore
import Testing

@Suite("PostgreSQL: connecting and migrating")
struct PostgresStoreTests {
    @Test(arguments: [
        ("mysql://u@h/db", "not a postgres:// URL"),
        ("postgres://h:5432/db", "names no user"),
        ("postgres://u@h:5432", "names no database"),
        ("postgres://u:secret@h/db?sslmode=maybe", "sslmode maybe"),
        ("postgres://u@h/db?pool=0", "pool=0"),
        ("postgres://u@h/db?schema=a;drop", "schema=a;drop"),
        ("postgres://u@h/db?colour=blue", "unknown setting colour"),
    ])
    func badURLsSayWhatIsWrong(url: String, expected: String) async throws {
        let error = await #expect(throws: PostgresLocationError.self) { try await PostgresStore.connect(url) }
        let message = try #require(error).description
        #expect(message.contains(expected), "\(message)")
        #expect(!message.contains("secret"), "the password is never repeated: \(message)")
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs PAPERBOY_TEST_POSTGRES (scripts/test.sh starts a server)"))
    func instancesStartingTogetherMigrateOnce() async throws {
        let url = StoreKind.withFreshSchema(try #require(StoreKind.postgresURL))
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for _ in 0..<8 { group.addTask { try await PostgresStore.connect(url) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(stores.count == 8)
        let applied = try await stores[0].appliedMigrations()
        #expect(applied.count == Set(applied).count && !applied.isEmpty, "\(applied)")
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs PAPERBOY_TEST_POSTGRES (scripts/test.sh starts a server)"))
    func optimizeKeepsWhatWasImported() async throws {
        let store = try #require(try await StoreKind.postgres.make() as? PostgresStore)
        try await store.upsert(Fixtures.all)
        try await store.optimize()
        #expect(try await store.search(SearchRequest(query: "attention")).total == 2)
        try await store.checkHealth()
    }

    @Test(.enabled(if: StoreKind.postgresURL != nil, "needs PAPERBOY_TEST_POSTGRES (scripts/test.sh starts a server)"), .timeLimit(.minutes(1)))
    func papersAndVectorsWrittenByAnotherProcessAreAnnouncedAsTheyCommit() async throws {
        let url = StoreKind.withFreshSchema(try #require(StoreKind.postgresURL))
        let listener = try await PostgresStore.connect(url)
        let writer = try await PostgresStore.connect(url)
        let other = try await PostgresStore.connect(StoreKind.withFreshSchema(try #require(StoreKind.postgresURL)))
        try await other.upsert(Fixtures.all)
        var heard = try #require(listener.changeAnnouncements()).makeAsyncIterator()
        #expect(await heard.next() == "connected")

        // Another schema is another hub: its vectors are not announced here.
        try await other.saveEmbeddings(model: "m1", precision: "f32", [(Fixtures.bert.id, [1, 0])])
        let clock = ContinuousClock()
        var started = clock.now
        try await writer.upsert([Fixtures.attention, Fixtures.bert])
        #expect(await heard.next() == "paper")
        #expect(clock.now - started < .seconds(1), "heard after \(clock.now - started)")
        started = clock.now
        try await writer.saveEmbeddings(model: "m1", precision: "f32", [(Fixtures.bert.id, [1, 0])])
        #expect(await heard.next() == "embedding")
        #expect(clock.now - started < .seconds(1), "heard after \(clock.now - started)")
        try await writer.delete(ids: [Fixtures.bert.id], checkpoint: nil)
        #expect(await heard.next() == "paper")
    }
}
