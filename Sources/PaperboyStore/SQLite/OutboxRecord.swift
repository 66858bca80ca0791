import Foundation
import GRDB
import PaperboyCore

extension OutboxStatus: DatabaseValueConvertible {}

/// A row of `mailOutbox`. The message is kept as the feature wrote it (not as RFC 5322 text):
/// with the token and `createdAt` fixed at enqueue, every attempt composes the same bytes.
struct OutboxRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "mailOutbox"

    var id: Int64?
    var token: String
    var recipient: String
    var subject: String
    var textBody: String
    var htmlBody: String
    var headers: [OutgoingMail.Header]                  // JSON
    var status: OutboxStatus
    var attempts: Int
    var createdAt: Date
    var nextAttemptAt: Date
    var leaseOwner: String?
    var leaseUntil: Date?
    var finishedAt: Date?
    var lastError: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
        static let leaseOwner = Column(CodingKeys.leaseOwner)
        static let leaseUntil = Column(CodingKeys.leaseUntil)
        static let nextAttemptAt = Column(CodingKeys.nextAttemptAt)
        static let finishedAt = Column(CodingKeys.finishedAt)
        static let lastError = Column(CodingKeys.lastError)
    }

    init(_ mail: OutgoingMail, token: String, now: Date) {
        self.token = token
        recipient = mail.to; subject = mail.subject; textBody = mail.text; htmlBody = mail.html; headers = mail.headers
        status = .pending; attempts = 0; createdAt = now; nextAttemptAt = now
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var message: OutboxMessage {
        OutboxMessage(id: id ?? 0, mail: OutgoingMail(to: recipient, subject: subject, text: textBody, html: htmlBody, headers: headers),
                      token: token, status: status, attempts: attempts, createdAt: createdAt, nextAttemptAt: nextAttemptAt,
                      leaseUntil: leaseUntil, finishedAt: finishedAt, lastError: lastError)
    }
}
