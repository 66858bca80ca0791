import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

extension PostgresStore: MailStore {
    static let outboxColumns = """
        id, token, recipient, subject, textBody, htmlBody, headers, status, attempts, createdAt, nextAttemptAt,
        leaseUntil, finishedAt, lastError
        """

    @discardableResult
    public func enqueue(_ mail: OutgoingMail, now: Date) async throws -> Int64 {
        try await Self.enqueue(mail, now: now) { try await rows($0) }
    }

    /// Inserts the message through `run` (the pool, or a transaction's connection).
    static func enqueue(_ mail: OutgoingMail, now: Date, run: (PostgresQuery) async throws -> [PostgresRow]) async throws -> Int64 {
        let headers = String(decoding: try JSONEncoder().encode(mail.headers), as: UTF8.self)
        let row = try await run("""
            INSERT INTO mailOutbox (token, recipient, subject, textBody, htmlBody, headers, status, attempts, createdAt, nextAttemptAt)
            VALUES (\(UUID().uuidString.lowercased()), \(mail.to), \(mail.subject), \(mail.text), \(mail.html), \(headers),
                    \(OutboxStatus.pending.rawValue), 0, \(now), \(now))
            RETURNING id
            """).first
        guard let id = try row?.decode(Int64.self) else { throw StoredValueError(description: "the outbox returned no id") }
        return id
    }

    public func claimDueMail(limit: Int, owner: String, now: Date, lease: TimeInterval) async throws -> [OutboxMessage] {
        // One statement; SKIP LOCKED lets senders on other instances claim other messages
        // instead of waiting for these.
        try await rows("""
            UPDATE mailOutbox SET status = 'sending', leaseOwner = \(owner), leaseUntil = \(now.addingTimeInterval(lease)),
                                  attempts = attempts + 1
            WHERE id IN (SELECT id FROM mailOutbox
                         WHERE (status = 'pending' AND nextAttemptAt <= \(now)) OR (status = 'sending' AND leaseUntil <= \(now))
                         ORDER BY nextAttemptAt, id LIMIT \(max(0, limit)) FOR UPDATE SKIP LOCKED)
            RETURNING \(unescaped: Self.outboxColumns)
            """).map(Self.decodeOutbox).sorted { ($0.nextAttemptAt, $0.id) < ($1.nextAttemptAt, $1.id) }
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
        try await !rows("""
            UPDATE mailOutbox SET status = \(status.rawValue), lastError = \(error), leaseOwner = NULL, leaseUntil = NULL,
                                  finishedAt = COALESCE(\(finishedAt), finishedAt), nextAttemptAt = COALESCE(\(nextAttemptAt), nextAttemptAt)
            WHERE id = \(id) AND status = 'sending' AND leaseOwner = \(owner)
            RETURNING id
            """).isEmpty
    }

    public func outbox(status: OutboxStatus?, limit: Int) async throws -> [OutboxMessage] {
        try await rows("""
            SELECT \(unescaped: Self.outboxColumns) FROM mailOutbox
            WHERE \(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)
            ORDER BY id DESC LIMIT \(max(0, limit))
            """).map(Self.decodeOutbox)
    }

    public func outboxCounts() async throws -> [OutboxStatus: Int] {
        try await countsByStatus("mailOutbox")
    }

    static func decodeOutbox(_ row: PostgresRow) throws -> OutboxMessage {
        let (id, token, recipient, subject, text, html, headers, status, attempts, createdAt, nextAttemptAt) =
            try row.decode((Int64, String, String, String, String, String, String, String, Int, Date, Date).self)
        let columns = row.makeRandomAccess()
        return OutboxMessage(
            id: id, mail: OutgoingMail(to: recipient, subject: subject, text: text, html: html,
                                       headers: try JSONDecoder().decode([OutgoingMail.Header].self, from: Data(headers.utf8))),
            token: token, status: try known(OutboxStatus.self, status), attempts: attempts, createdAt: createdAt,
            nextAttemptAt: nextAttemptAt, leaseUntil: try columns[11].decode(Date?.self),
            finishedAt: try columns[12].decode(Date?.self), lastError: try columns[13].decode(String?.self))
    }

    /// How many rows of `table` (one of ours, never user input) are in each `status`; a status
    /// this build doesn't know (written by a newer one) is left out.
    func countsByStatus<Status: RawRepresentable & Hashable & Sendable>(_ table: String) async throws -> [Status: Int]
    where Status.RawValue == String {
        var counts: [Status: Int] = [:]
        for row in try await rows("SELECT status, count(*) FROM \(unescaped: table) GROUP BY status") {
            let (raw, count) = try row.decode((String, Int).self)
            if let status = Status(rawValue: raw) { counts[status] = count }
        }
        return counts
    }
}
