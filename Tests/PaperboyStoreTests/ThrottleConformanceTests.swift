import Foundation
import PaperboyStore
import Testing

@Suite("ThrottleStore conformance: one count per key, whoever writes")
struct ThrottleConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000.25)

    @Test(arguments: StoreKind.allCases)
    func entriesAreKeptPerThrottleAndKeyUntilRemoved(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any ThrottleStore).self), t0 = Self.t0
        #expect(try await store.throttleEntry("signIn", key: "ip:1") == nil)
        let entry = ThrottleEntry(failures: [t0, t0.addingTimeInterval(1.5)], blockedUntil: t0.addingTimeInterval(60), expires: t0.addingTimeInterval(900))
        try await store.updateThrottle("signIn", key: "ip:1") { old in old == nil ? entry : nil }
        #expect(try await store.throttleEntry("signIn", key: "ip:1") == entry, "times come back exactly")
        #expect(try await store.throttleEntry("signIn", key: "ip:2") == nil)
        #expect(try await store.throttleEntry("reset", key: "ip:1") == nil, "throttles are apart")
        try await store.updateThrottle("signIn", key: "ip:1") { old in old.map { ThrottleEntry(failures: [], blockedUntil: $0.blockedUntil, expires: $0.expires) } }
        #expect(try await store.throttleEntry("signIn", key: "ip:1")?.failures == [])
        try await store.updateThrottle("signIn", key: "ip:1") { _ in nil }
        #expect(try await store.throttleEntry("signIn", key: "ip:1") == nil)
    }

    /// Updates at once never lose one another's failures (as two instances would).
    @Test(arguments: StoreKind.allCases)
    func concurrentUpdatesAllCount(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any ThrottleStore).self), t0 = Self.t0
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<12 {
                group.addTask {
                    try await store.updateThrottle("votes", key: "user:7") { old in
                        ThrottleEntry(failures: (old?.failures ?? []) + [t0.addingTimeInterval(Double(n))], blockedUntil: t0, expires: t0)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.throttleEntry("votes", key: "user:7")?.failures.count == 12)
    }

    @Test(arguments: StoreKind.allCases)
    func pruningRemovesOnlyExpiredEntries(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any ThrottleStore).self), t0 = Self.t0
        for (key, expires) in [("old", t0.addingTimeInterval(-1)), ("live", t0.addingTimeInterval(1))] {
            try await store.updateThrottle("signUp", key: key) { _ in ThrottleEntry(failures: [t0], blockedUntil: t0, expires: expires) }
        }
        try await store.pruneThrottles(before: t0)
        #expect(try await store.throttleEntry("signUp", key: "old") == nil)
        #expect(try await store.throttleEntry("signUp", key: "live") != nil)
    }
}
