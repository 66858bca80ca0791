import Foundation
import GRDB

extension SQLiteStore: ThrottleStore {
    /// Body of the migration "throttles shared by every instance". Times are seconds since 1970.
    static func createThrottleTable(_ db: Database) throws {
        try db.create(table: "throttle", options: .withoutRowID) { t in
            t.column("name", .text).notNull()
            t.column("key", .text).notNull()
            t.column("failures", .text).notNull()
            t.column("blockedUntil", .double).notNull()
            t.column("expires", .double).notNull().indexed()
            t.primaryKey(["name", "key"])
        }
    }

    public func throttleEntry(_ name: String, key: String) async throws -> ThrottleEntry? {
        try await read { db in try Self.throttleEntry(name, key, db) }
    }

    /// In one write transaction: another process's update waits for the writer lock.
    public func updateThrottle(_ name: String, key: String, _ update: @escaping @Sendable (ThrottleEntry?) -> ThrottleEntry?) async throws {
        try await write { db in
            guard let entry = update(try Self.throttleEntry(name, key, db)) else {
                try db.execute(sql: "DELETE FROM throttle WHERE name = ? AND key = ?", arguments: [name, key])
                return
            }
            try db.execute(sql: "INSERT OR REPLACE INTO throttle (name, key, failures, blockedUntil, expires) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, key, entry.failureText, entry.blockedUntil.timeIntervalSince1970, entry.expires.timeIntervalSince1970])
        }
    }

    public func pruneThrottles(before date: Date) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM throttle WHERE expires < ?", arguments: [date.timeIntervalSince1970]) }
    }

    private static func throttleEntry(_ name: String, _ key: String, _ db: Database) throws -> ThrottleEntry? {
        try Row.fetchOne(db, sql: "SELECT failures, blockedUntil, expires FROM throttle WHERE name = ? AND key = ?", arguments: [name, key])
            .map { row in
                ThrottleEntry(failures: ThrottleEntry.failures(from: row[0]), blockedUntil: Date(timeIntervalSince1970: row[1]),
                              expires: Date(timeIntervalSince1970: row[2]))
            }
    }
}
