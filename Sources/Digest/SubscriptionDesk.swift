import Foundation
import Mail
import PaperboyCore
import PaperboyStore

/// Where subscriptions are made, confirmed, changed and ended, for the web pages and the CLI
/// alike: input is checked here (errors name the field), the link secret is made here, and a
/// subscription that needs its address confirmed sends the double opt-in mail and nothing else.
public struct SubscriptionDesk: Sendable {
    public let store: any SubscriptionStore
    public let mailer: Mailer

    public init(store: any SubscriptionStore, mailer: Mailer) {
        self.store = store; self.mailer = mailer
    }

    /// Checks and stores `new`; a pending one gets its confirmation mail.
    public func subscribe(_ new: NewSubscription, now: Date = Date()) async throws -> Subscription {
        var new = new
        new.email = new.email.trimmingCharacters(in: .whitespaces)
        do { try MailAddress.check(new.email) } catch { throw SubscriptionError("email", error.description) }
        new.schedule = try new.schedule.validated()
        new.filter = try new.filter.validated()
        if new.filter.forYou, new.userID == nil { throw SubscriptionError("for you", "only a signed-in account has a For you ranking") }
        let subscription = try await store.createSubscription(new, token: Self.newToken(), now: now)
        if subscription.status == .pending {
            let link = mailer.link("/subscribe/confirm/" + subscription.token)
            try await mailer.send(OutgoingMail(
                to: subscription.email, subject: "Confirm your Paperboy digest",
                text: """
                    Someone, probably you, asked for Paperboy digests at this address: \(subscription.filter.summary), \(subscription.schedule.summary).

                    Nothing is sent until you confirm: \(link)

                    If it was not you, ignore this mail and you will hear nothing more.
                    """,
                html: """
                    <p>Someone, probably you, asked for Paperboy digests at this address: \(HTMLEscape.text(subscription.filter.summary)), \
                    \(HTMLEscape.text(subscription.schedule.summary)).</p>
                    <p>Nothing is sent until you confirm: <a href="\(HTMLEscape.text(link))">confirm the subscription</a>.</p>
                    <p>If it was not you, ignore this mail and you will hear nothing more.</p>
                    """), now: now)
        }
        return subscription
    }

    /// Checks and applies a change of what and when.
    public func update(token: String, schedule: DigestSchedule, filter: DigestFilter, now: Date = Date()) async throws -> Subscription? {
        guard let current = try await store.subscription(token: token) else { return nil }
        let filter = try filter.validated()
        if filter.forYou, current.userID == nil { throw SubscriptionError("for you", "only a signed-in account has a For you ranking") }
        return try await store.updateSubscription(token: token, schedule: try schedule.validated(), filter: filter, now: now)
    }

    /// 192 random bits as hex: the subscription's links are its only key.
    static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<3).map { _ in
            let hex = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
