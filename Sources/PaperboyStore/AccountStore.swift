import Foundation
import PaperboyCore

/// Accounts, sessions, API tokens and the single-use tokens sent by mail. Kept in tables of
/// their own, never on the paper row. Secrets arrive already hashed (SHA-256 hex of what the
/// browser or client holds), so the store never sees one.
public protocol AccountStore: ThrottleStore {
    /// Throws `AccountError.usernameTaken` or `.emailTaken` (both compared without case).
    func createUser(_ user: NewUser) async throws -> User
    func user(id: Int64) async throws -> User?
    /// Without case.
    func user(username: String) async throws -> User?
    /// Without case.
    func user(email: String) async throws -> User?
    func userCount() async throws -> Int
    func passwordHash(userID: Int64) async throws -> String?
    func setPasswordHash(userID: Int64, _ hash: String) async throws
    /// Throws `AccountError.emailTaken` when another account has it.
    func setEmail(userID: Int64, _ email: String, verified: Bool) async throws
    func setRole(userID: Int64, _ role: Role) async throws
    /// Bans (`at` a date) or lifts a ban (nil). Banning deletes the account's sessions and
    /// API tokens in the same transaction.
    func setBanned(userID: Int64, at: Date?) async throws
    func setNotifyByMail(userID: Int64, _ on: Bool) async throws
    /// Removes the user with their sessions, tokens and single-use tokens.
    func deleteUser(id: Int64) async throws

    func createSession(_ session: Session) async throws
    /// The session and its user, when it exists and has not expired at `now`.
    func session(secretHash: String, now: Date) async throws -> (session: Session, user: User)?
    func deleteSession(secretHash: String) async throws
    /// Signs the user out everywhere.
    func deleteSessions(userID: Int64) async throws
    /// Removes sessions that expired before `now`; returns how many.
    @discardableResult
    func deleteExpiredSessions(now: Date) async throws -> Int

    func createAPIToken(userID: Int64, name: String, secretHash: String, now: Date) async throws -> APIToken
    func apiTokens(userID: Int64) async throws -> [APIToken]
    /// False when the user has no such token.
    @discardableResult
    func revokeAPIToken(id: Int64, userID: Int64) async throws -> Bool
    /// The token's user, recording the use at `now`; nil for an unknown or revoked token.
    func user(apiTokenHash: String, now: Date) async throws -> User?

    func createOneTimeToken(secretHash: String, userID: Int64, purpose: OneTimePurpose, payload: String?,
                            expiresAt: Date) async throws
    /// Deletes the token and returns its user and payload, once: nil when it is unknown, used,
    /// expired at `now`, or made for another purpose.
    func consumeOneTimeToken(secretHash: String, purpose: OneTimePurpose, now: Date) async throws
        -> (userID: Int64, payload: String?)?
}

/// The outbox every message passes through before SMTP: a crash or an outage loses none and
/// sends none twice (a message is leased to one sender at a time and marked sent after).
public protocol MailStore: Sendable {
    /// Queues a message to send from `now`; returns its id. The store assigns the message a
    /// unique `token` (its Message-ID's left part), so every retry sends the same message.
    @discardableResult
    func enqueue(_ mail: OutgoingMail, now: Date) async throws -> Int64

    /// Leases up to `limit` messages due at `now` to `owner` until `now + lease`, oldest due
    /// first, counting an attempt on each: pending ones whose time has come, and ones whose
    /// earlier lease ran out (their sender died). Two senders never hold the same message.
    func claimDueMail(limit: Int, owner: String, now: Date, lease: TimeInterval) async throws -> [OutboxMessage]
    /// False when `owner` no longer holds the message (its lease ran out and another took it).
    @discardableResult
    func markMailSent(id: Int64, owner: String, now: Date) async throws -> Bool
    /// Back to pending, due again at `at`, with the error the operator sees.
    @discardableResult
    func scheduleMailRetry(id: Int64, owner: String, error: String, at: Date) async throws -> Bool
    /// Failed for good (a 5xx, a message that cannot be sent): never claimed again.
    @discardableResult
    func markMailFailed(id: Int64, owner: String, error: String, now: Date) async throws -> Bool
    /// For operators: messages with `status` (all when nil), newest first.
    func outbox(status: OutboxStatus?, limit: Int) async throws -> [OutboxMessage]
    /// How many messages are in each status (statuses with none are absent).
    func outboxCounts() async throws -> [OutboxStatus: Int]
    /// Records that the address's server refused it for good (an SMTP 5xx): its digest
    /// subscriptions stop, with `reason` shown to the operator.
    func suppress(address: String, reason: String, now: Date) async throws
    /// Suppressed addresses, newest first.
    func suppressions() async throws -> [(address: String, reason: String, at: Date)]
}
