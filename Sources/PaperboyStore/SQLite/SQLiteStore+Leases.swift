import Foundation
import GRDB

extension SQLiteStore: LeaseStore {
    /// Body of the migration "job leases".
    static func createLeaseTable(_ db: Database) throws {
        try db.create(table: "jobLease", options: .withoutRowID) { t in
            t.primaryKey("name", .text)
            t.column("owner", .text)
            t.column("until", .datetime)
            t.column("finishedRun", .text)
        }
    }

    public func acquireLease(_ name: String, owner: String, now: Date, duration: TimeInterval) async throws -> Bool {
        // One statement: the check and the take are atomic against other processes too.
        try await write { db in
            try db.execute(sql: """
                INSERT INTO jobLease (name, owner, until) VALUES (?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, until = excluded.until
                WHERE jobLease.owner IS NULL OR jobLease.owner = excluded.owner OR jobLease.until <= ?
                """, arguments: [name, owner, now.addingTimeInterval(duration), now])
            return db.changesCount == 1
        }
    }

    public func releaseLease(_ name: String, owner: String, finishedRun: String?) async throws {
        try await write { db in
            try db.execute(sql: """
                UPDATE jobLease SET owner = NULL, until = NULL, finishedRun = COALESCE(?, finishedRun) WHERE name = ? AND owner = ?
                """, arguments: [finishedRun, name, owner])
        }
    }

    public func finishedRun(_ name: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT finishedRun FROM jobLease WHERE name = ?", arguments: [name]) }
    }
}
