import Foundation
import PaperboyCore

/// Where a message is on its way out. `sending` means leased to one sender until `leaseUntil`.
public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
    case pending, sending, sent, failed
}

/// One row of the outbox: the message as enqueued plus its delivery state.
public struct OutboxMessage: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var mail: OutgoingMail
    /// Unique, assigned at enqueue: the Message-ID's left part, the same on every attempt.
    public var token: String
    public var status: OutboxStatus
    /// Attempts started so far (a claim counts one).
    public var attempts: Int
    public var createdAt: Date
    /// When a pending message is due.
    public var nextAttemptAt: Date
    public var leaseUntil: Date?
    /// When it was sent or failed for good.
    public var finishedAt: Date?
    public var lastError: String?

    public init(id: Int64, mail: OutgoingMail, token: String, status: OutboxStatus, attempts: Int, createdAt: Date,
                nextAttemptAt: Date, leaseUntil: Date? = nil, finishedAt: Date? = nil, lastError: String? = nil) {
        self.id = id; self.mail = mail; self.token = token; self.status = status; self.attempts = attempts
        self.createdAt = createdAt; self.nextAttemptAt = nextAttemptAt; self.leaseUntil = leaseUntil
        self.finishedAt = finishedAt; self.lastError = lastError
    }
}
