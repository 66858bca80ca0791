import Foundation
import PaperboyStore
import PostgresNIO

extension PostgresStore: ThrottleStore {
    public func throttleEntry(_ name: String, key: String) async throws -> ThrottleEntry? {
        try await rows("SELECT failures, blockedUntil, expires FROM throttle WHERE name = \(name) AND key = \(key)").first.map(Self.entry)
    }

    /// The row is locked while `update` runs; a missing one is inserted, and if another writer
    /// inserted it meanwhile, its row is locked and updated instead.
    public func updateThrottle(_ name: String, key: String, _ update: @escaping @Sendable (ThrottleEntry?) -> ThrottleEntry?) async throws {
        try await transaction { connection in
            while true {
                let stored = try await connection.rows("""
                    SELECT failures, blockedUntil, expires FROM throttle WHERE name = \(name) AND key = \(key) FOR UPDATE
                    """, logger: logger).first.map(Self.entry)
                let entry = update(stored)
                switch (stored, entry) {
                case (_?, nil):
                    try await connection.query("DELETE FROM throttle WHERE name = \(name) AND key = \(key)", logger: logger)
                case (_?, let entry?):
                    try await connection.query("""
                        UPDATE throttle SET failures = \(entry.failureText), blockedUntil = \(entry.blockedUntil.timeIntervalSince1970),
                            expires = \(entry.expires.timeIntervalSince1970) WHERE name = \(name) AND key = \(key)
                        """, logger: logger)
                case (nil, let entry?):
                    let inserted = try await connection.rows("""
                        INSERT INTO throttle (name, key, failures, blockedUntil, expires)
                        VALUES (\(name), \(key), \(entry.failureText), \(entry.blockedUntil.timeIntervalSince1970), \(entry.expires.timeIntervalSince1970))
                        ON CONFLICT DO NOTHING RETURNING 1
                        """, logger: logger)
                    if inserted.isEmpty { continue }
                case (nil, nil):
                    break
                }
                return
            }
        }
    }

    public func pruneThrottles(before date: Date) async throws {
        try await execute("DELETE FROM throttle WHERE expires < \(date.timeIntervalSince1970)")
    }

    private static func entry(_ row: PostgresRow) throws -> ThrottleEntry {
        let (failures, blockedUntil, expires) = try row.decode((String, Double, Double).self)
        return ThrottleEntry(failures: ThrottleEntry.failures(from: failures), blockedUntil: Date(timeIntervalSince1970: blockedUntil),
                             expires: Date(timeIntervalSince1970: expires))
    }
}
