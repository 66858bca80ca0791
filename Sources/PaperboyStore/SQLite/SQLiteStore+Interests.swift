import Foundation
import GRDB
import PaperboyCore

/// "For you" signals (`InterestSchema.swift`), read together with votes and collections.
extension SQLiteStore: InterestStore {
    public func setInterest(userID: Int64, paperID: String, interested: Bool?, now: Date) async throws {
        try await communityWrite { db in
            let rowid = try Self.livePaperRowid(paperID, db)
            if let interested {
                try db.execute(sql: """
                    INSERT INTO interest (userId, paperRowid, interested, createdAt) VALUES (?, ?, ?, ?)
                    ON CONFLICT(userId, paperRowid) DO UPDATE SET interested = excluded.interested, createdAt = excluded.createdAt
                    """, arguments: [userID, rowid, interested, now])
            } else {
                try db.execute(sql: "DELETE FROM interest WHERE userId = ? AND paperRowid = ?", arguments: [userID, rowid])
            }
        }
    }

    public func setInterestCategories(userID: Int64, _ categories: [String]) async throws {
        try await communityWrite { db in
            try db.execute(sql: "DELETE FROM interestCategory WHERE userId = ?", arguments: [userID])
            for category in Set(categories) {
                try db.execute(sql: "INSERT INTO interestCategory (userId, category) VALUES (?, ?)", arguments: [userID, category])
            }
        }
    }

    public func interestSignals(userID: Int64) async throws -> InterestSignals {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.id, p.title, 'upvoted' AS kind, NULL AS collectionId, NULL AS name, v.createdAt AS at
                FROM vote v JOIN paper p ON p.rowid = v.paperRowid WHERE v.userId = ? AND NOT p.deleted
                UNION ALL
                SELECT p.id, p.title, 'saved', c.id, c.name, ci.addedAt
                FROM collection c JOIN collectionItem ci ON ci.collectionId = c.id JOIN paper p ON p.rowid = ci.paperRowid
                WHERE c.userId = ? AND NOT p.deleted
                UNION ALL
                SELECT p.id, p.title, CASE WHEN i.interested THEN 'picked' ELSE 'rejected' END, NULL, NULL, i.createdAt
                FROM interest i JOIN paper p ON p.rowid = i.paperRowid WHERE i.userId = ? AND NOT p.deleted
                ORDER BY at DESC, id
                """, arguments: [userID, userID, userID])
            var signals = InterestSignalsBuilder()
            for row in rows {
                signals.add(id: row["id"], title: row["title"], kind: row["kind"], collectionID: row["collectionId"], name: row["name"])
            }
            let categories = try String.fetchAll(db, sql: "SELECT category FROM interestCategory WHERE userId = ? ORDER BY category",
                                                 arguments: [userID])
            return signals.signals(categories: categories)
        }
    }
}
