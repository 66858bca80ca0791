import Foundation
import PaperboyStore

extension PostgresStore: LeaseStore {
    public func acquireLease(_ name: String, owner: String, now: Date, duration: TimeInterval) async throws -> Bool {
        // One statement: PostgreSQL locks the conflicting row, so two instances racing for a
        // free lease take turns and the second sees the first's owner.
        try await !rows("""
            INSERT INTO jobLease (name, owner, until) VALUES (\(name), \(owner), \(now.addingTimeInterval(duration)))
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
            WHERE jobLease.owner IS NULL OR jobLease.owner = excluded.owner OR jobLease.until <= \(now)
            RETURNING name
            """).isEmpty
    }

    public func releaseLease(_ name: String, owner: String, finishedRun: String?) async throws {
        try await execute("""
            UPDATE jobLease SET owner = NULL, until = NULL, finishedRun = COALESCE(\(finishedRun), finishedRun)
            WHERE name = \(name) AND owner = \(owner)
            """)
    }

    public func finishedRun(_ name: String) async throws -> String? {
        try await rows("SELECT finishedRun FROM jobLease WHERE name = \(name)").first?.decode(String?.self)
    }
}
