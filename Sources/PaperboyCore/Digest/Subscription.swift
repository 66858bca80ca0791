import Foundation

/// When a digest goes out: daily on arXiv announcement days, or weekly on one weekday; at an
/// hour of the subscriber's own time zone.
public struct DigestSchedule: Sendable, Hashable, Codable {
    /// nil: daily. 1 (Monday) … 7 (Sunday): weekly on that day.
    public var weekday: Int?
    /// 0…23, local time.
    public var hour: Int
    /// An IANA time zone id (`Europe/Paris`).
    public var timeZone: String

    public init(weekday: Int? = nil, hour: Int = 7, timeZone: String = "UTC") {
        self.weekday = weekday; self.hour = hour; self.timeZone = timeZone
    }

    public static let weekdayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

    /// `mon`, `Monday`, `1` … `7`.
    public static func weekday(_ text: String) -> Int? {
        let t = text.lowercased()
        if let n = Int(t), (1...7).contains(n) { return n }
        guard t.count >= 3 else { return nil }
        return weekdayNames.firstIndex { $0.hasPrefix(t) }.map { $0 + 1 }
    }

    public var summary: String {
        let at = "at \(hour < 10 ? "0" : "")\(hour):00 \(timeZone)"
        guard let weekday else { return "daily on arXiv announcement days \(at)" }
        return "weekly on \(Self.weekdayNames[(weekday - 1) % 7].capitalized) \(at)"
    }
}

/// What a digest holds: the papers of its period that match any of the filters (all of the
/// period's papers when there are none), minus excluded categories, the most upvoted first, at
/// most `top`.
public struct DigestFilter: Sendable, Hashable, Codable {
    /// Category patterns (`cs.CL`, `cs.*`).
    public var categories: [String]
    /// Never sent, whatever else matches.
    public var excludedCategories: [String]
    /// Saved searches in the search box's language.
    public var queries: [String]
    /// Followed authors (names as the search's `author:` takes them).
    public var authors: [String]
    /// Followed public collections: papers added to them in the period.
    public var collections: [Int64]
    /// The subscriber's "For you" ranking (subscriptions of an account only).
    public var forYou: Bool
    public var top: Int

    public init(categories: [String] = [], excludedCategories: [String] = [], queries: [String] = [], authors: [String] = [],
                collections: [Int64] = [], forYou: Bool = false, top: Int = 10) {
        self.categories = categories; self.excludedCategories = excludedCategories; self.queries = queries
        self.authors = authors; self.collections = collections; self.forYou = forYou; self.top = top
    }

    /// No filter: the period's trending papers.
    public var isTrending: Bool { categories.isEmpty && queries.isEmpty && authors.isEmpty && collections.isEmpty && !forYou }

    public static let maxTop = 50
    public static let maxQueries = 10
    public static let maxAuthors = 20
    public static let maxCategories = 30
    public static let maxCollections = 20
    public static let maxQueryLength = 300
}

public enum SubscriptionStatus: String, Sendable, Codable, CaseIterable {
    /// Waiting for the address to confirm (double opt-in): nothing is sent but that mail.
    case pending
    case active
    /// Ended by the subscriber.
    case unsubscribed
    /// The address's mail server refused it for good (SMTP 5xx): nothing more is sent.
    case suppressed

    /// Pending or active: not ended, so it can still be confirmed, changed or ended.
    public static let live: Set<SubscriptionStatus> = [.pending, .active]
    public var isLive: Bool { Self.live.contains(self) }
}

/// One person's standing order for digests. `token` is the secret of its links (confirm,
/// change, unsubscribe, feeds): whoever holds a digest holds it, with no sign-in.
public struct Subscription: Sendable, Equatable, Identifiable {
    public var id: Int64
    public var email: String
    /// The account it belongs to, when made from the settings page (needed for "for you").
    public var userID: Int64?
    public var token: String
    public var status: SubscriptionStatus
    public var schedule: DigestSchedule
    public var filter: DigestFilter
    public var createdAt: Date
    public var confirmedAt: Date?
    public var endedAt: Date?
    /// Why it was suppressed (the server's reply), for the operator.
    public var reason: String?
    /// The newest edition claimed: its key and the last day it covered.
    public var lastEdition: Edition?

    public struct Edition: Sendable, Equatable {
        public var key: String
        public var last: Day
        public init(_ key: String, _ last: Day) { self.key = key; self.last = last }
    }

    public init(id: Int64, email: String, userID: Int64?, token: String, status: SubscriptionStatus, schedule: DigestSchedule,
                filter: DigestFilter, createdAt: Date, confirmedAt: Date? = nil, endedAt: Date? = nil, reason: String? = nil,
                lastEdition: Edition? = nil) {
        self.id = id; self.email = email; self.userID = userID; self.token = token; self.status = status
        self.schedule = schedule; self.filter = filter; self.createdAt = createdAt; self.confirmedAt = confirmedAt
        self.endedAt = endedAt; self.reason = reason; self.lastEdition = lastEdition
    }
}

/// A subscription as asked for, before the store gives it an id and token.
public struct NewSubscription: Sendable, Equatable {
    public var email: String
    public var userID: Int64?
    public var schedule: DigestSchedule
    public var filter: DigestFilter
    /// Active at once (an operator, or an account whose address is verified); else pending.
    public var confirmed: Bool

    public init(email: String, userID: Int64? = nil, schedule: DigestSchedule = DigestSchedule(), filter: DigestFilter = DigestFilter(),
                confirmed: Bool) {
        self.email = email; self.userID = userID; self.schedule = schedule; self.filter = filter; self.confirmed = confirmed
    }
}

/// One digest as claimed: which subscription, which edition (`2026-12-02` daily,
/// `week-2026-12-02` weekly), and the papers it carries, best first.
public struct DigestEdition: Sendable, Equatable {
    public var subscriptionID: Int64
    public var key: String
    /// The period it covers.
    public var first: Day, last: Day
    public var paperIDs: [String]

    public init(subscriptionID: Int64, key: String, first: Day, last: Day, paperIDs: [String]) {
        self.subscriptionID = subscriptionID; self.key = key; self.first = first; self.last = last; self.paperIDs = paperIDs
    }
}
