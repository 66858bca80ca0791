import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

extension PostgresStore: SubscriptionStore {
    static let subscriptionColumns = """
        id, email, userId, token, status, weekday, hour, timeZone, filter, createdAt, confirmedAt, endedAt, reason,
        lastEdition, lastEditionDay
        """
    private static let live = SubscriptionStatus.live.map(\.rawValue)

    public func createSubscription(_ new: NewSubscription, token: String, now: Date) async throws -> Subscription {
        // A suppressed address gets nothing: its server said it does not exist.
        let filter = String(decoding: try JSONEncoder().encode(new.filter), as: UTF8.self)
        let status = (new.confirmed ? SubscriptionStatus.active : .pending).rawValue
        return try await firstSubscription("""
            INSERT INTO subscription (email, userId, token, status, weekday, hour, timeZone, filter, createdAt, confirmedAt, reason)
            SELECT \(new.email), \(new.userID), \(token), CASE WHEN s.reason IS NULL THEN \(status) ELSE 'suppressed' END,
                   \(new.schedule.weekday), \(new.schedule.hour), \(new.schedule.timeZone), \(filter), \(now),
                   \(new.confirmed ? now : nil), s.reason
            FROM (SELECT (SELECT reason FROM mailSuppression WHERE lower(address) = lower(\(new.email))) AS reason) s
            RETURNING \(unescaped: Self.subscriptionColumns)
            """) ?? { throw StoredValueError(description: "the new subscription was not returned") }()
    }

    public func subscription(id: Int64) async throws -> Subscription? {
        try await firstSubscription("SELECT \(unescaped: Self.subscriptionColumns) FROM subscription WHERE id = \(id)")
    }

    public func subscription(token: String) async throws -> Subscription? {
        try await firstSubscription("SELECT \(unescaped: Self.subscriptionColumns) FROM subscription WHERE token = \(token)")
    }

    public func subscriptions(userID: Int64) async throws -> [Subscription] {
        try await rows("SELECT \(unescaped: Self.subscriptionColumns) FROM subscription WHERE userId = \(userID) ORDER BY id")
            .map(Self.decodeSubscription)
    }

    public func subscriptions(statuses: Set<SubscriptionStatus>) async throws -> [Subscription] {
        try await rows("""
            SELECT \(unescaped: Self.subscriptionColumns) FROM subscription
            WHERE \(statuses.isEmpty) OR status = ANY(\(statuses.map(\.rawValue))) ORDER BY id
            """).map(Self.decodeSubscription)
    }

    public func subscriptionCounts() async throws -> [SubscriptionStatus: Int] {
        try await countsByStatus("subscription")
    }

    public func confirmSubscription(token: String, now: Date) async throws -> Subscription? {
        try await execute("UPDATE subscription SET status = 'active', confirmedAt = \(now) WHERE token = \(token) AND status = 'pending'")
        return try await subscription(token: token)
    }

    public func updateSubscription(token: String, schedule: DigestSchedule, filter: DigestFilter, now: Date) async throws -> Subscription? {
        let filter = String(decoding: try JSONEncoder().encode(filter), as: UTF8.self)
        return try await firstSubscription("""
            UPDATE subscription SET weekday = \(schedule.weekday), hour = \(schedule.hour), timeZone = \(schedule.timeZone),
                                    filter = \(filter)
            WHERE token = \(token) RETURNING \(unescaped: Self.subscriptionColumns)
            """)
    }

    public func endSubscription(token: String, now: Date) async throws -> Subscription? {
        try await execute("""
            UPDATE subscription SET status = 'unsubscribed', endedAt = \(now) WHERE token = \(token) AND status = ANY(\(Self.live))
            """)
        return try await subscription(token: token)
    }

    public func sentPapers(subscriptionID: Int64) async throws -> Set<String> {
        Set(try await rows("""
            SELECT p.id FROM digestPaper d JOIN paper p ON p.rowid = d.paperRowid WHERE d.subscriptionId = \(subscriptionID)
            """).map { try $0.decode(String.self) })
    }

    /// One transaction that first locks the subscription's row: two instances claiming the
    /// same edition take turns, and the second finds it claimed.
    public func claimEdition(_ edition: DigestEdition, mail: OutgoingMail, now: Date) async throws -> Int64? {
        let papers = String(decoding: try JSONEncoder().encode(edition.paperIDs), as: UTF8.self)
        return try await transaction { connection -> Int64? in
            let run = { (query: PostgresQuery) in try await connection.rows(query, logger: self.logger) }
            let active = try await run("""
                SELECT 1 FROM subscription WHERE id = \(edition.subscriptionID) AND status = 'active' FOR UPDATE
                """)
            let claimed = try await run("""
                SELECT 1 FROM digestEdition WHERE subscriptionId = \(edition.subscriptionID) AND edition = \(edition.key)
                """)
            guard !active.isEmpty, claimed.isEmpty else { return nil }
            let outboxID = try await Self.enqueue(mail, now: now, run: run)
            _ = try await run("""
                INSERT INTO digestEdition (subscriptionId, edition, firstDay, lastDay, papers, outboxId, claimedAt)
                VALUES (\(edition.subscriptionID), \(edition.key), \(edition.first.description), \(edition.last.description),
                        \(papers), \(outboxID), \(now))
                """)
            _ = try await run("""
                INSERT INTO digestPaper (subscriptionId, paperRowid)
                SELECT \(edition.subscriptionID), rowid FROM paper WHERE id = ANY(\(edition.paperIDs)) ON CONFLICT DO NOTHING
                """)
            _ = try await run("""
                UPDATE subscription SET lastEdition = \(edition.key), lastEditionDay = \(edition.last.description)
                WHERE id = \(edition.subscriptionID)
                """)
            return outboxID
        }
    }

    public func editions(subscriptionID: Int64, limit: Int) async throws -> [(edition: DigestEdition, claimedAt: Date)] {
        try await rows("""
            SELECT edition, firstDay, lastDay, papers, claimedAt FROM digestEdition WHERE subscriptionId = \(subscriptionID)
            ORDER BY lastDay DESC, claimedAt DESC LIMIT \(max(0, limit))
            """).compactMap { row -> (edition: DigestEdition, claimedAt: Date)? in
            let (key, first, last, papers, claimedAt) = try row.decode((String, String, String, String, Date).self)
            guard let first = Day(first), let last = Day(last) else { return nil }
            let ids = (try? JSONDecoder().decode([String].self, from: Data(papers.utf8))) ?? []
            return (DigestEdition(subscriptionID: subscriptionID, key: key, first: first, last: last, paperIDs: ids), claimedAt)
        }
    }

    public func suppress(address: String, reason: String, now: Date) async throws {
        try await transaction { connection in
            try await connection.query("""
                INSERT INTO mailSuppression (address, reason, createdAt) VALUES (\(address), \(reason), \(now))
                ON CONFLICT (lower(address)) DO UPDATE SET reason = excluded.reason, createdAt = excluded.createdAt
                """, logger: logger)
            try await connection.query("""
                UPDATE subscription SET status = 'suppressed', reason = \(reason), endedAt = \(now)
                WHERE lower(email) = lower(\(address)) AND status = ANY(\(Self.live))
                """, logger: logger)
        }
    }

    public func suppressions() async throws -> [(address: String, reason: String, at: Date)] {
        try await rows("SELECT address, reason, createdAt FROM mailSuppression ORDER BY createdAt DESC, address").map { row in
            let (address, reason, at) = try row.decode((String, String, Date).self)
            return (address, reason, at)
        }
    }

    private func firstSubscription(_ query: PostgresQuery) async throws -> Subscription? {
        try await rows(query).first.map(Self.decodeSubscription)
    }

    static func decodeSubscription(_ row: PostgresRow) throws -> Subscription {
        let (id, email, userID, token, status, weekday, hour, timeZone, filter, createdAt) =
            try row.decode((Int64, String, Int64?, String, String, Int?, Int, String, String, Date).self)
        let columns = row.makeRandomAccess()
        let lastEdition = try columns[13].decode(String?.self)
        let lastEditionDay = try columns[14].decode(String?.self).flatMap(Day.init)
        return Subscription(
            id: id, email: email, userID: userID, token: token, status: try known(SubscriptionStatus.self, status),
            schedule: DigestSchedule(weekday: weekday, hour: hour, timeZone: timeZone),
            filter: try JSONDecoder().decode(DigestFilter.self, from: Data(filter.utf8)), createdAt: createdAt,
            confirmedAt: try columns[10].decode(Date?.self), endedAt: try columns[11].decode(Date?.self),
            reason: try columns[12].decode(String?.self),
            lastEdition: lastEdition.flatMap { key in lastEditionDay.map { Subscription.Edition(key, $0) } })
    }
}
