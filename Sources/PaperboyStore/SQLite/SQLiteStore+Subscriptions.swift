import Foundation
import GRDB
import PaperboyCore

extension SQLiteStore: SubscriptionStore {
    private typealias Columns = SubscriptionRecord.Columns

    public func createSubscription(_ new: NewSubscription, token: String, now: Date) async throws -> Subscription {
        try await write { db in
            var record = SubscriptionRecord(new, token: token, now: now)
            // A suppressed address gets nothing: its server said it does not exist.
            if let reason = try String.fetchOne(db, sql: "SELECT reason FROM mailSuppression WHERE address = ?", arguments: [new.email]) {
                record.status = .suppressed
                record.reason = reason
            }
            try record.insert(db)
            return record.subscription
        }
    }

    public func subscription(id: Int64) async throws -> Subscription? {
        try await read { db in try SubscriptionRecord.fetchOne(db, key: id)?.subscription }
    }

    public func subscription(token: String) async throws -> Subscription? {
        try await read { db in try SubscriptionRecord.filter(Columns.token == token).fetchOne(db)?.subscription }
    }

    public func subscriptions(userID: Int64) async throws -> [Subscription] {
        try await read { db in
            try SubscriptionRecord.filter(Columns.userId == userID).order(Columns.id).fetchAll(db).map(\.subscription)
        }
    }

    public func subscriptions(statuses: Set<SubscriptionStatus>) async throws -> [Subscription] {
        try await read { db in
            var request = SubscriptionRecord.all()
            if !statuses.isEmpty { request = request.filter(statuses.map(\.rawValue).contains(Columns.status)) }
            return try request.order(Columns.id).fetchAll(db).map(\.subscription)
        }
    }

    public func subscriptionCounts() async throws -> [SubscriptionStatus: Int] {
        try await countsByStatus(SubscriptionRecord.databaseTableName)
    }

    public func confirmSubscription(token: String, now: Date) async throws -> Subscription? {
        try await write { db in
            try SubscriptionRecord.filter(Columns.token == token && Columns.status == SubscriptionStatus.pending)
                .updateAll(db, Columns.status.set(to: SubscriptionStatus.active), Columns.confirmedAt.set(to: now))
            return try SubscriptionRecord.filter(Columns.token == token).fetchOne(db)?.subscription
        }
    }

    public func updateSubscription(token: String, schedule: DigestSchedule, filter: DigestFilter, now: Date) async throws -> Subscription? {
        try await write { db in
            guard var record = try SubscriptionRecord.filter(Columns.token == token).fetchOne(db) else { return nil }
            record.weekday = schedule.weekday; record.hour = schedule.hour; record.timeZone = schedule.timeZone
            record.filter = filter
            try record.update(db)
            return record.subscription
        }
    }

    public func endSubscription(token: String, now: Date) async throws -> Subscription? {
        try await write { db in
            try SubscriptionRecord.filter(Columns.token == token && SubscriptionStatus.live.map(\.rawValue).contains(Columns.status))
                .updateAll(db, Columns.status.set(to: SubscriptionStatus.unsubscribed), Columns.endedAt.set(to: now))
            return try SubscriptionRecord.filter(Columns.token == token).fetchOne(db)?.subscription
        }
    }

    public func sentPapers(subscriptionID: Int64) async throws -> Set<String> {
        try await read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT p.id FROM digestPaper d JOIN paper p ON p.rowid = d.paperRowid WHERE d.subscriptionId = ?
                """, arguments: [subscriptionID]))
        }
    }

    public func claimEdition(_ edition: DigestEdition, mail: OutgoingMail, now: Date) async throws -> Int64? {
        let token = UUID().uuidString.lowercased()
        return try await write { db in
            let claimed = try Bool.fetchOne(db, sql: "SELECT 1 FROM digestEdition WHERE subscriptionId = ? AND edition = ?",
                                            arguments: [edition.subscriptionID, edition.key]) ?? false
            let active = try SubscriptionRecord.filter(Columns.id == edition.subscriptionID && Columns.status == SubscriptionStatus.active)
                .fetchCount(db) == 1
            guard !claimed, active else { return nil }
            var message = OutboxRecord(mail, token: token, now: now)
            try message.insert(db)
            let outboxID = message.id ?? db.lastInsertedRowID
            try db.execute(sql: """
                INSERT INTO digestEdition (subscriptionId, edition, firstDay, lastDay, papers, outboxId, claimedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [edition.subscriptionID, edition.key, edition.first.description, edition.last.description,
                                 String(decoding: try JSONEncoder().encode(edition.paperIDs), as: UTF8.self), outboxID, now])
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO digestPaper (subscriptionId, paperRowid) SELECT ?, rowid FROM paper WHERE id = ?
                """)
            for id in edition.paperIDs { try insert.execute(arguments: [edition.subscriptionID, id]) }
            try SubscriptionRecord.filter(Columns.id == edition.subscriptionID)
                .updateAll(db, Columns.lastEdition.set(to: edition.key), Columns.lastEditionDay.set(to: edition.last.description))
            return outboxID
        }
    }

    public func editions(subscriptionID: Int64, limit: Int) async throws -> [(edition: DigestEdition, claimedAt: Date)] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM digestEdition WHERE subscriptionId = ? ORDER BY lastDay DESC, claimedAt DESC LIMIT ?
                """, arguments: [subscriptionID, max(0, limit)]).compactMap { row -> (edition: DigestEdition, claimedAt: Date)? in
                let papers = (try? JSONDecoder().decode([String].self, from: Data((row["papers"] as String).utf8))) ?? []
                guard let first = Day(row["firstDay"] as String), let last = Day(row["lastDay"] as String) else { return nil }
                return (DigestEdition(subscriptionID: row["subscriptionId"], key: row["edition"], first: first, last: last,
                                      paperIDs: papers), row["claimedAt"])
            }
        }
    }

    public func suppress(address: String, reason: String, now: Date) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO mailSuppression (address, reason, createdAt) VALUES (?, ?, ?)
                ON CONFLICT(address) DO UPDATE SET reason = excluded.reason, createdAt = excluded.createdAt
                """, arguments: [address, reason, now])
            try SubscriptionRecord.filter(Columns.email == address && SubscriptionStatus.live.map(\.rawValue).contains(Columns.status))
                .updateAll(db, Columns.status.set(to: SubscriptionStatus.suppressed), Columns.reason.set(to: reason), Columns.endedAt.set(to: now))
        }
    }

    public func suppressions() async throws -> [(address: String, reason: String, at: Date)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT address, reason, createdAt FROM mailSuppression ORDER BY createdAt DESC, address")
                .map { ($0["address"], $0["reason"], $0["createdAt"]) }
        }
    }
}
