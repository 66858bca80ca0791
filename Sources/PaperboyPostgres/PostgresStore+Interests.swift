import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// "For you" signals (`CommunitySchema.swift`), read together with votes and collections.
extension PostgresStore {
    public func setInterest(userID: Int64, paperID: String, interested: Bool?, now: Date) async throws {
        try await communityWrite { connection in
            let rowid = try await livePaperRowid(paperID, connection)
            if let interested {
                try await connection.query("""
                    INSERT INTO interest (userId, paperRowid, interested, createdAt) VALUES (\(userID), \(rowid), \(interested), \(now))
                    ON CONFLICT (userId, paperRowid) DO UPDATE SET interested = excluded.interested, createdAt = excluded.createdAt
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM interest WHERE userId = \(userID) AND paperRowid = \(rowid)", logger: logger)
            }
        }
    }

    public func setInterestCategories(userID: Int64, _ categories: [String]) async throws {
        let unique = Array(Set(categories.map { $0.removingNULs() })).sorted()
        try await communityWrite { connection in
            // Two replacements for one person run one after the other (else both would insert
            // into an empty set and collide); the lock leaves the foreign-key checks of the
            // person's other writes alone.
            try await connection.query("SELECT id FROM account WHERE id = \(userID) FOR NO KEY UPDATE", logger: logger)
            try await connection.query("DELETE FROM interestCategory WHERE userId = \(userID)", logger: logger)
            if !unique.isEmpty {
                try await connection.query("""
                    INSERT INTO interestCategory (userId, category) SELECT \(userID), unnest(\(unique)::TEXT[])
                    """, logger: logger)
            }
        }
    }

    public func interestSignals(userID: Int64) async throws -> InterestSignals {
        let found = try await rows("""
            SELECT p.id, p.title, 'upvoted' AS kind, NULL::BIGINT AS collectionId, NULL::TEXT AS name, v.createdAt AS at
            FROM vote v JOIN paper p ON p.rowid = v.paperRowid WHERE v.userId = \(userID) AND NOT p.deleted
            UNION ALL
            SELECT p.id, p.title, 'saved', c.id, c.name, ci.addedAt
            FROM collection c JOIN collectionItem ci ON ci.collectionId = c.id JOIN paper p ON p.rowid = ci.paperRowid
            WHERE c.userId = \(userID) AND NOT p.deleted
            UNION ALL
            SELECT p.id, p.title, CASE WHEN i.interested THEN 'picked' ELSE 'rejected' END, NULL, NULL, i.createdAt
            FROM interest i JOIN paper p ON p.rowid = i.paperRowid WHERE i.userId = \(userID) AND NOT p.deleted
            ORDER BY at DESC, id
            """)
        var signals = InterestSignalsBuilder()
        for row in found {
            let (id, title, kind, collectionID, name) = try row.decode((String, String, String, Int64?, String?).self)
            signals.add(id: id, title: title, kind: kind, collectionID: collectionID, name: name)
        }
        let categories = try await rows("SELECT category FROM interestCategory WHERE userId = \(userID) ORDER BY category")
            .map { try $0.decode(String.self) }
        return signals.signals(categories: categories)
    }
}
