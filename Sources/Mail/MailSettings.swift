import Foundation

/// Everything the mail side needs, from the command line or the environment:
/// `PAPERBOY_SMTP_URL` / `--smtp` (nil: mail goes to `folder` and the log),
/// `PAPERBOY_PUBLIC_URL` / `--public-url` (links in mail), `PAPERBOY_MAIL_FROM` / `--mail-from`.
public struct MailSettings: Sendable {
    public var smtp: SMTPServer?
    /// Where `FolderTransport` writes `.eml` files when there is no SMTP server.
    public var folder: String
    /// The envelope sender and From address; its domain also names Message-IDs.
    public var from: String
    public var fromName: String
    /// The hub's address as readers reach it: links in mail start with it.
    public var publicURL: URL
    /// At most this many messages are handed to the server per minute by each sender (one per
    /// process); 0 for no limit.
    public var messagesPerMinute: Int = 60
    /// Messages claimed per SMTP connection.
    public var batchSize: Int = 50
    public var retry = RetryPolicy()
    /// How often the sender looks for due messages.
    public var pollInterval: Duration = .seconds(5)
    /// How long a claimed message stays with its sender; past it, another sender may take it.
    public var lease: TimeInterval = 600
    public var connectTimeout: Duration = .seconds(15)
    /// For each reply of the server (RFC 5321 suggests minutes; a stuck server is retried later).
    public var replyTimeout: Duration = .seconds(120)

    /// `smtpURL` nil or empty: mail goes to `folder`. `from` nil: `paperboy@` the public host
    /// (`localhost` when that is an IP address).
    public init(smtpURL: String?, publicURL: URL, from: String? = nil, fromName: String = "Paperboy",
                folder: String = "data/mail") throws(MailConfigError) {
        if let smtpURL, !smtpURL.isEmpty { smtp = try SMTPServer(url: smtpURL) } else { smtp = nil }
        self.publicURL = publicURL
        self.from = from ?? Self.defaultFrom(publicURL)
        do { try MailAddress.check(self.from) } catch { throw MailConfigError("mail from address: \(error)") }
        self.fromName = fromName
        self.folder = folder
    }

    private static func defaultFrom(_ publicURL: URL) -> String {
        let host = publicURL.host ?? "localhost"
        let isName = host.contains(where: \.isLetter) && !host.contains(":")
        return "paperboy@\(isName ? host : "localhost")"
    }

    /// The domain Message-IDs end with: the From address's.
    public var messageIDDomain: String { from.split(separator: "@").last.map(String.init) ?? "localhost" }

    public var composer: MessageComposer { MessageComposer(from: from, fromName: fromName, domain: messageIDDomain) }
}

/// Exponential backoff for transient failures (4xx, connection trouble), then failure for good.
public struct RetryPolicy: Sendable, Equatable {
    public var first: TimeInterval = 60
    public var maximum: TimeInterval = 6 * 3600
    /// Attempts before a message that keeps failing transiently is marked failed.
    public var attempts: Int = 12

    public init(first: TimeInterval = 60, maximum: TimeInterval = 6 * 3600, attempts: Int = 12) {
        self.first = first; self.maximum = maximum; self.attempts = attempts
    }

    /// The wait after failed attempt number `attempt` (1-based): first, 2×first, 4×first…
    public func delay(after attempt: Int) -> TimeInterval {
        min(maximum, first * pow(2, Double(max(0, min(attempt - 1, 40)))))
    }
}
