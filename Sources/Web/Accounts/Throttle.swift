import Foundation
import Synchronization

/// Failures per key (an IP, an account) in a sliding window; past `freeAttempts`, each new
/// failure doubles how long the key must wait, up to `maxDelay`. In memory: per instance.
final class Throttle: Sendable {
    struct Policy: Sendable {
        var freeAttempts: Int
        var window: TimeInterval
        var firstDelay: TimeInterval
        var maxDelay: TimeInterval
    }

    private struct Entry { var failures: [Date] = []; var blockedUntil = Date.distantPast }
    private let policy: Policy
    private let entries = Mutex<[String: Entry]>([:])

    init(_ policy: Policy) { self.policy = policy }

    /// Seconds `key` must still wait, or nil when it may try now.
    func wait(_ key: String, now: Date = Date()) -> TimeInterval? {
        entries.withLock { entries in
            guard let until = entries[key]?.blockedUntil, until > now else { return nil }
            return until.timeIntervalSince(now)
        }
    }

    /// Counts an attempt that failed (or, for limits on successes such as sign-ups, any attempt).
    func fail(_ key: String, now: Date = Date()) {
        entries.withLock { entries in
            if entries.count > 100_000 { entries = entries.filter { $0.value.blockedUntil > now } }
            var entry = entries[key] ?? Entry()
            entry.failures = entry.failures.filter { now.timeIntervalSince($0) < policy.window } + [now]
            let over = entry.failures.count - policy.freeAttempts
            if over > 0 {
                let delay = min(policy.maxDelay, policy.firstDelay * pow(2, Double(min(over - 1, 30))))
                entry.blockedUntil = now.addingTimeInterval(delay)
            }
            entries[key] = entry
        }
    }

    func reset(_ key: String) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}

/// The limits on what costs CPU (bcrypt) or mail, or floods what others read, in one place.
struct Throttles: Sendable {
    /// Wrong passwords per IP and per account.
    let signIn = Throttle(.init(freeAttempts: 5, window: 900, firstDelay: 2, maxDelay: 900))
    /// Reset mails per IP and per address.
    let reset = Throttle(.init(freeAttempts: 3, window: 3600, firstDelay: 60, maxDelay: 3600))
    /// Accounts made per IP.
    let signUp = Throttle(.init(freeAttempts: 5, window: 3600, firstDelay: 60, maxDelay: 3600))
    /// Verification mails asked for again, per account.
    /// Digest subscriptions (each may send a confirmation mail), per client address.
    let subscribe = Throttle(.init(freeAttempts: 5, window: 3600, firstDelay: 60, maxDelay: 3600))
    /// Previews and feeds of subscriptions (each selects a digest), per client address.
    let digestReads = Throttle(.init(freeAttempts: 30, window: 60, firstDelay: 10, maxDelay: 300))
    let resend = Throttle(.init(freeAttempts: 3, window: 3600, firstDelay: 60, maxDelay: 3600))
    /// Comments written, per account.
    let comments = Throttle(.init(freeAttempts: DiscussionController.commentsPerMinute, window: 60, firstDelay: 10, maxDelay: 300))
    /// Reports of comments and papers, per account.
    let reports = Throttle(.init(freeAttempts: 10, window: 3600, firstDelay: 60, maxDelay: 3600))
    /// Upvotes cast or taken back, per account (every vote counts as an attempt).
    let votes: Throttle

    init(votesPerMinute: Int = WebConfig().votesPerMinute) {
        votes = Throttle(.init(freeAttempts: votesPerMinute, window: 60, firstDelay: 5, maxDelay: 60))
    }
}
