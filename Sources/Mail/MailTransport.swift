import Foundation
import Logging

/// A composed message and its SMTP envelope.
public struct Envelope: Sendable, Equatable {
    public var from: String
    public var to: [String]
    /// RFC 5322 text, CRLF line ends.
    public var data: [UInt8]
    public var messageID: String
    /// For logs.
    public var subject: String

    public init(from: String, to: [String], data: [UInt8], messageID: String, subject: String) {
        self.from = from; self.to = to; self.data = data; self.messageID = messageID; self.subject = subject
    }
}

/// What became of one message.
public enum DeliveryOutcome: Sendable, Equatable {
    case sent
    /// Try again later: a 4xx, a timeout, no connection.
    case retry(String)
    /// Never: a 5xx for this message.
    case failed(String)
    /// Never, and never again to this address: a 5xx to RCPT TO (no such mailbox).
    case refused(String)
}

/// Hands messages on: to an SMTP server or a folder.
public protocol MailTransport: Sendable {
    /// Sends `messages` in order, over one connection where there is one, and calls `settle`
    /// with each one's index and outcome as soon as it is known, before sending the next: the
    /// outbox records it at once, so a crash in the middle of a run resends none already sent.
    /// Throws only what `settle` throws.
    func deliver(_ messages: [Envelope], settle: (Int, DeliveryOutcome) async throws -> Void) async throws
}

/// SMTP when `settings.smtp` is set, a folder (and the log) otherwise.
public func makeTransport(_ settings: MailSettings, logger: Logger) -> any MailTransport {
    if let smtp = settings.smtp {
        return SMTPTransport(server: smtp, heloName: settings.messageIDDomain, connectTimeout: settings.connectTimeout,
                             replyTimeout: settings.replyTimeout, logger: logger)
    }
    return FolderTransport(folder: URL(fileURLWithPath: settings.folder), logger: logger)
}
