import Foundation
import PaperboyCore
import PaperboyStore

/// What features that send mail hold: links on the public URL, and `send`, which checks a
/// message (a bad address fails here, where the form can say so) and queues it.
public struct Mailer: Sendable {
    public let store: any MailStore
    public let settings: MailSettings

    public init(store: any MailStore, settings: MailSettings) {
        self.store = store; self.settings = settings
    }

    /// `path` (with its query) on the public URL: `link("/verify?t=abc")`.
    public func link(_ path: String) -> String {
        var base = settings.publicURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return base + (path.hasPrefix("/") ? path : "/" + path)
    }

    /// Queues `mail`; throws `ComposeError` for a message that could never be sent.
    @discardableResult
    public func send(_ mail: OutgoingMail, now: Date = Date()) async throws -> Int64 {
        _ = try settings.composer.compose(mail, token: "check", date: now)
        return try await store.enqueue(mail, now: now)
    }
}
