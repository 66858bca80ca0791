import Foundation

/// Hacker-News-style gravity: `(votes + 1) / (hours + 2)^1.5`, with votes = local upvotes plus
/// imported ones. Ties go to the newer paper (the caller sorts by score, then by date).
public enum Trending {
    public static let gravity = 1.5

    public static func score(votes: Int, since: Date, now: Date) -> Double {
        let hours = max(0, now.timeIntervalSince(since) / 3600)
        return Double(max(0, votes) + 1) / pow(hours + 2, gravity)
    }
}
