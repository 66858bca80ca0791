import Foundation
import PaperboyCore

/// Digest subscriptions and what was sent on them (part of the mail aggregate: a digest is
/// claimed and queued in the outbox in one transaction). Per-subscriber data lives in tables
/// of its own, never on the paper row.
public protocol SubscriptionStore: MailStore {
    /// `token` is the secret of the subscription's links, made by the caller.
    func createSubscription(_ new: NewSubscription, token: String, now: Date) async throws -> Subscription
    func subscription(id: Int64) async throws -> Subscription?
    func subscription(token: String) async throws -> Subscription?
    /// The account's subscriptions, oldest first.
    func subscriptions(userID: Int64) async throws -> [Subscription]
    /// Every subscription with one of `statuses` (all when empty), oldest first.
    func subscriptions(statuses: Set<SubscriptionStatus>) async throws -> [Subscription]
    /// How many subscriptions are in each status (statuses with none are absent).
    func subscriptionCounts() async throws -> [SubscriptionStatus: Int]
    /// Pending → active (double opt-in). Nil for an unknown token; an ended subscription stays ended.
    func confirmSubscription(token: String, now: Date) async throws -> Subscription?
    /// Changes what and when; nil for an unknown token.
    func updateSubscription(token: String, schedule: DigestSchedule, filter: DigestFilter, now: Date) async throws -> Subscription?
    /// Ends it (idempotent); nil for an unknown token.
    func endSubscription(token: String, now: Date) async throws -> Subscription?

    /// Papers already sent on the subscription, ever: a digest never repeats one.
    func sentPapers(subscriptionID: Int64) async throws -> Set<String>
    /// In one transaction: records the edition and its papers (and, on the subscription, that
    /// it is the newest) and queues `mail`. Nil, with
    /// nothing written, when the edition was claimed before or the subscription is no longer
    /// active: so a run killed anywhere and started again sends each digest once.
    func claimEdition(_ edition: DigestEdition, mail: OutgoingMail, now: Date) async throws -> Int64?
    /// Editions claimed on the subscription, newest first (key, period, papers, when).
    func editions(subscriptionID: Int64, limit: Int) async throws -> [(edition: DigestEdition, claimedAt: Date)]
}
