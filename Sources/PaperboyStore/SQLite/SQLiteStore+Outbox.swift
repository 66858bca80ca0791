import Foundation
import GRDB
import PaperboyCore

extension SQLiteStore: MailStore {
    /// The "mail outbox" migration.
    static func createMailOutbox(_ db: Database) throws {
        try db.create(table: OutboxRecord.databaseTableName) { t in
            t.autoIncrementedPrimaryKey("id")
            t.column("token", .text).notNull().unique()
            t.column("recipient", .text).notNull()
            t.column("subject", .text).notNull()
            t.column("textBody", .text).notNull()
            t.column("htmlBody", .text).notNull()
            t.column("headers", .jsonText).notNull()
            t.column("status", .text).notNull()
            t.column("attempts", .integer).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("nextAttemptAt", .datetime).notNull()
            t.column("leaseOwner", .text)
            t.column("leaseUntil", .datetime)
            t.column("finishedAt", .datetime)
            t.column("lastError", .text)
        }
        // What the sender polls: due pending messages and expired leases.
        try db.create(index: "mailOutbox_status_nextAttemptAt", on: OutboxRecord.databaseTableName,
                      columns: ["status", "nextAttemptAt"])
    }

    @discardableResult
    public func enqueue(_ mail: OutgoingMail, now: Date) async throws -> Int64 {
        let token = UUID().uuidString.lowercased()
        return try await write { db in
            var record = OutboxRecord(mail, token: token, now: now)
            try record.insert(db)
            return record.id ?? db.lastInsertedRowID
        }
    }

    public func claimDueMail(limit: Int, owner: String, now: Date, lease: TimeInterval) async throws -> [OutboxMessage] {
        // One statement, so the choice and the lease are atomic even against another process.
        let records = try await write { db in
            try OutboxRecord.fetchAll(db, sql: """
                UPDATE mailOutbox SET status = 'sending', leaseOwner = ?, leaseUntil = ?, attempts = attempts + 1
                WHERE id IN (SELECT id FROM mailOutbox
                             WHERE (status = 'pending' AND nextAttemptAt <= ?) OR (status = 'sending' AND leaseUntil <= ?)
                             ORDER BY nextAttemptAt, id LIMIT ?)
                RETURNING *
                """, arguments: [owner, now.addingTimeInterval(lease), now, now, max(0, limit)])
        }
        // RETURNING gives no order.
        return records.map(\.message).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
    }

    @discardableResult
    public func markMailSent(id: Int64, owner: String, now: Date) async throws -> Bool {
        try await finishLease(id: id, owner: owner, status: .sent, finishedAt: now, error: nil)
    }

    @discardableResult
    public func scheduleMailRetry(id: Int64, owner: String, error: String, at: Date) async throws -> Bool {
        try await finishLease(id: id, owner: owner, status: .pending, nextAttemptAt: at, error: error)
    }

    @discardableResult
    public func markMailFailed(id: Int64, owner: String, error: String, now: Date) async throws -> Bool {
        try await finishLease(id: id, owner: owner, status: .failed, finishedAt: now, error: error)
    }

    /// Moves a message out of `sending`, only while `owner` holds its lease.
    private func finishLease(id: Int64, owner: String, status: OutboxStatus, finishedAt: Date? = nil,
                             nextAttemptAt: Date? = nil, error: String?) async throws -> Bool {
        try await write { db in
            typealias Columns = OutboxRecord.Columns
            var assignments = [Columns.status.set(to: status), Columns.lastError.set(to: error),
                               Columns.leaseOwner.set(to: nil), Columns.leaseUntil.set(to: nil)]
            if let finishedAt { assignments.append(Columns.finishedAt.set(to: finishedAt)) }
            if let nextAttemptAt { assignments.append(Columns.nextAttemptAt.set(to: nextAttemptAt)) }
            return try OutboxRecord
                .filter(Columns.id == id && Columns.status == OutboxStatus.sending && Columns.leaseOwner == owner)
                .updateAll(db, assignments) == 1
        }
    }

    public func outbox(status: OutboxStatus?, limit: Int) async throws -> [OutboxMessage] {
        try await read { db in
            var request = OutboxRecord.all()
            if let status { request = request.filter(OutboxRecord.Columns.status == status) }
            return try request.order(OutboxRecord.Columns.id.desc).limit(max(0, limit)).fetchAll(db).map(\.message)
        }
    }

    public func outboxCounts() async throws -> [OutboxStatus: Int] {
        try await countsByStatus(OutboxRecord.databaseTableName)
    }
}
