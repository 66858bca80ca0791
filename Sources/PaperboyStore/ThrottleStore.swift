import Foundation

/// One key's recent failures under a throttle (sign-ins, reset mails, votes…) and until when
/// it must wait. Kept in the database, so every instance behind a load balancer counts the
/// same failures: two instances must not mean twice the password guesses.
public struct ThrottleEntry: Sendable, Equatable {
    /// The failures still inside the throttle's window, oldest first.
    public var failures: [Date]
    public var blockedUntil: Date
    /// When the entry no longer matters (its block is over and its failures are out of the
    /// window): past it, `pruneThrottles` removes it.
    public var expires: Date
    public init(failures: [Date], blockedUntil: Date, expires: Date) {
        self.failures = failures; self.blockedUntil = blockedUntil; self.expires = expires
    }
}

/// The accounts aggregate's throttles (`AccountStore` refines this).
public protocol ThrottleStore: Sendable {
    /// The entry of `key` under the throttle `name`, nil when it has none.
    func throttleEntry(_ name: String, key: String) async throws -> ThrottleEntry?
    /// Replaces the entry with what `update` makes of it (nil removes it), atomically against
    /// every other writer, in this process or another.
    func updateThrottle(_ name: String, key: String, _ update: @escaping @Sendable (ThrottleEntry?) -> ThrottleEntry?) async throws
    /// Removes the entries that expired before `date`.
    func pruneThrottles(before date: Date) async throws
}

extension ThrottleEntry {
    /// Failures stored as seconds since 1970, separated by spaces: one column in both backends.
    public var failureText: String { failures.map { String($0.timeIntervalSince1970) }.joined(separator: " ") }

    public static func failures(from text: String) -> [Date] {
        text.split(separator: " ").compactMap { Double($0).map(Date.init(timeIntervalSince1970:)) }
    }
}
