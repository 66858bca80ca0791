import Foundation
import PaperboyStore
import Synchronization
import Testing

@Suite("LeaseStore conformance: one holder per job")
struct LeaseConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: StoreKind.allCases)
    func aLeaseHasOneHolderUntilItRunsOutOrIsGivenUp(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any LeaseStore).self)
        let t0 = Self.t0
        #expect(try await store.acquireLease("harvest", owner: "a", now: t0, duration: 30))
        #expect(try await !store.acquireLease("harvest", owner: "b", now: t0.addingTimeInterval(29), duration: 30))
        #expect(try await store.acquireLease("embedding", owner: "b", now: t0, duration: 30), "leases are per job")
        // Renewing moves the end forward.
        #expect(try await store.acquireLease("harvest", owner: "a", now: t0.addingTimeInterval(20), duration: 30))
        #expect(try await !store.acquireLease("harvest", owner: "b", now: t0.addingTimeInterval(40), duration: 30))
        // A holder that stops renewing loses it once it runs out.
        #expect(try await store.acquireLease("harvest", owner: "b", now: t0.addingTimeInterval(50), duration: 30))
        #expect(try await !store.acquireLease("harvest", owner: "a", now: t0.addingTimeInterval(51), duration: 30))
        // Only the holder can give it up; giving up records the finished run.
        try await store.releaseLease("harvest", owner: "a", finishedRun: "wrong")
        #expect(try await store.finishedRun("harvest") == nil)
        try await store.releaseLease("harvest", owner: "b", finishedRun: "2026-12-02")
        #expect(try await store.finishedRun("harvest") == "2026-12-02")
        #expect(try await store.acquireLease("harvest", owner: "a", now: t0.addingTimeInterval(52), duration: 30))
        try await store.releaseLease("harvest", owner: "a", finishedRun: nil)
        #expect(try await store.finishedRun("harvest") == "2026-12-02", "a run given up unfinished keeps the last finished one")
        #expect(try await store.finishedRun("digests") == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func racingInstancesGetOneHolder(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any LeaseStore).self)
        let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
            for n in 0..<8 { group.addTask { try await store.acquireLease("harvest", owner: "i\(n)", now: Self.t0, duration: 30) } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(winners == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func aJobRunsWhereTheLeaseIsHeldAndMovesWhenItsHolderDies(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any LeaseStore).self)
        // Durations long enough that a loaded 2-core machine still renews in time.
        let a = JobLease("harvest", store: store, owner: "a", duration: 3)
        let b = JobLease("harvest", store: store, owner: "b", duration: 3)
        // While a runs the job (renewing past several lease durations), b may not.
        let started = Mutex(false)
        let running = Task {
            try await a.whileHeld(finishing: "run 1") {
                started.withLock { $0 = true }
                try await Task.sleep(for: .seconds(4.5))
                return "a's result"
            }
        }
        while !started.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(10)) }
        for _ in 0..<3 {
            #expect(try await b.whileHeld { "b ran" } == nil)
            try await Task.sleep(for: .seconds(1.2))
        }
        #expect(try await running.value == "a's result")
        #expect(try await store.finishedRun("harvest") == "run 1")
        #expect(try await b.whileHeld(finishing: "run 2") { "b ran" } == "b ran", "free again once a finished")

        // A holder that dies stops renewing: the job moves once the lease runs out.
        #expect(try await store.acquireLease("harvest", owner: "dead", now: Date(), duration: 1))
        #expect(try await b.whileHeld { "b ran" } == nil)
        try await Task.sleep(for: .seconds(1.1))
        #expect(try await b.whileHeld { "b ran" } == "b ran")
        #expect(try await store.finishedRun("harvest") == "run 2")
    }

    @Test(arguments: StoreKind.allCases)
    func aHolderThatLosesItsLeaseStopsItsJob(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any LeaseStore).self)
        let a = JobLease("embedding", store: store, owner: "a", duration: 1.5)
        let outcome = Task {
            try await a.whileHeld { try await Task.sleep(for: .seconds(10)); return "finished" }
        }
        try await Task.sleep(for: .seconds(0.2))
        // As if a had stalled past its lease and b had taken over.
        try await store.releaseLease("embedding", owner: "a", finishedRun: nil)
        #expect(try await store.acquireLease("embedding", owner: "b", now: Date(), duration: 60))
        await #expect(throws: JobLeaseLost.self) { try await outcome.value }
    }
}
