import Foundation
import PaperboyStore

/// Failures per key (an IP, an account) in a sliding window; past `freeAttempts`, each new
/// failure doubles how long the key must wait, up to `maxDelay`. Counted in the database
/// (`ThrottleStore`), so every instance of a hub holds the same count.
final class Throttle: Sendable {
    struct Policy: Sendable {
        var freeAttempts: Int
        var window: TimeInterval
        var firstDelay: TimeInterval
        var maxDelay: TimeInterval
    }

    private let name: String
    private let policy: Policy
    private let store: any ThrottleStore

    init(_ name: String, _ policy: Policy, store: any ThrottleStore) {
        self.name = name; self.policy = policy; self.store = store
    }

    /// Seconds `key` must still wait, or nil when it may try now.
    func wait(_ key: String, now: Date = Date()) async throws -> TimeInterval? {
        guard let until = try await store.throttleEntry(name, key: key)?.blockedUntil, until > now else { return nil }
        return until.timeIntervalSince(now)
    }

    /// Counts an attempt that failed (or, for limits on successes such as sign-ups, any attempt).
    func fail(_ key: String, now: Date = Date()) async throws {
        try await store.updateThrottle(name, key: key) { [policy] entry in
            let failures = (entry?.failures ?? []).filter { now.timeIntervalSince($0) < policy.window } + [now]
            var blockedUntil = entry?.blockedUntil ?? .distantPast
            let over = failures.count - policy.freeAttempts
            if over > 0 {
                blockedUntil = now.addingTimeInterval(min(policy.maxDelay, policy.firstDelay * pow(2, Double(min(over - 1, 30)))))
            }
            return ThrottleEntry(failures: failures, blockedUntil: blockedUntil, expires: max(blockedUntil, now.addingTimeInterval(policy.window)))
        }
        // Now and then, the entries nobody needs any more go (cheap: an indexed range).
        if Int.random(in: 0..<100) == 0 { try await store.pruneThrottles(before: now) }
    }

    func reset(_ key: String) async throws {
        try await store.updateThrottle(name, key: key) { _ in nil }
    }
}

/// The limits on what costs CPU (bcrypt) or mail, or floods what others read, in one place.
struct Throttles: Sendable {
    /// Wrong passwords per IP and per account.
    let signIn: Throttle
    /// Reset mails per IP and per address.
    let reset: Throttle
    /// Accounts made per IP.
    let signUp: Throttle
    /// Digest subscriptions (each may send a confirmation mail), per client address.
    let subscribe: Throttle
    /// Previews and feeds of subscriptions (each selects a digest), per client address.
    let digestReads: Throttle
    /// Verification mails asked for again, per account.
    let resend: Throttle
    /// Comments written, per account.
    let comments: Throttle
    /// Reports of comments and papers, per account.
    let reports: Throttle
    /// Upvotes cast or taken back, per account (every vote counts as an attempt).
    let votes: Throttle

    init(store: any ThrottleStore, votesPerMinute: Int = WebConfig().votesPerMinute) {
        signIn = Throttle("signIn", .init(freeAttempts: 5, window: 900, firstDelay: 2, maxDelay: 900), store: store)
        reset = Throttle("reset", .init(freeAttempts: 3, window: 3600, firstDelay: 60, maxDelay: 3600), store: store)
        signUp = Throttle("signUp", .init(freeAttempts: 5, window: 3600, firstDelay: 60, maxDelay: 3600), store: store)
        subscribe = Throttle("subscribe", .init(freeAttempts: 5, window: 3600, firstDelay: 60, maxDelay: 3600), store: store)
        digestReads = Throttle("digestReads", .init(freeAttempts: 30, window: 60, firstDelay: 10, maxDelay: 300), store: store)
        resend = Throttle("resend", .init(freeAttempts: 3, window: 3600, firstDelay: 60, maxDelay: 3600), store: store)
        comments = Throttle("comments", .init(freeAttempts: DiscussionController.commentsPerMinute, window: 60, firstDelay: 10, maxDelay: 300),
                            store: store)
        reports = Throttle("reports", .init(freeAttempts: 10, window: 3600, firstDelay: 60, maxDelay: 3600), store: store)
        votes = Throttle("votes", .init(freeAttempts: votesPerMinute, window: 60, firstDelay: 5, maxDelay: 60), store: store)
    }
}
