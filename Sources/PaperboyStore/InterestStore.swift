import Foundation
import PaperboyCore

/// The signals a person's "For you" ranking learns from (part of `CommunityStore`).
public protocol InterestStore: Sendable {
    /// Marks the paper as one the person wants more like (`true`, a seed), or none like
    /// (`false`, "not interested"); nil forgets either mark.
    func setInterest(userID: Int64, paperID: String, interested: Bool?, now: Date) async throws
    /// Replaces the categories the person picked (`cs.CL`, or `cs.*` for an archive).
    func setInterestCategories(userID: Int64, _ categories: [String]) async throws
    /// Everything that counts for the person: upvotes, papers in any of their collections
    /// (private ones too: it is their own ranking), seeds, "not interested" marks (a later
    /// upvote or save overrides one) and categories. Liked papers are newest signal first.
    func interestSignals(userID: Int64) async throws -> InterestSignals
}
