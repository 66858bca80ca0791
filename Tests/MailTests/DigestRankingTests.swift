import Digest
import Foundation
import Mail
import PaperboyCore
import PaperboyStore
import Search
import Testing

/// The filters that come from people rather than text: followed collections and the
/// subscriber's own "For you" ranking.
@Suite("Digests: collections and For you", .serialized)
struct DigestRankingTests {
    static let day = Day("2026-03-13")!

    @Test func aFollowedPublicCollectionSendsWhatWasAddedInThePeriod() async throws {
        let hub = try await DigestHub()
        let owner = try await hub.store.createUser(NewUser(username: "curator", email: "curator@example.org", passwordHash: "x", emailVerified: true))
        let open = try await hub.store.createCollection(ownerID: owner.id, name: "Reading group", description: "", isPublic: true, now: Date())
        let hidden = try await hub.store.createCollection(ownerID: owner.id, name: "Secret", description: "", isPublic: false, now: Date())
        let older = try await hub.store.listing(ListingRequest(range: .day(Day("2026-02-20")!), limit: 3)).papers.map(\.paper.id)
        #expect(older.count == 3)
        let during = Self.day.date.addingTimeInterval(3600), before = Self.day.date.addingTimeInterval(-10 * 86_400)
        try await hub.store.addPaper(older[0], toCollection: open.id, ownerID: owner.id, now: during)
        try await hub.store.addPaper(older[1], toCollection: open.id, ownerID: owner.id, now: before)
        try await hub.store.addPaper(older[2], toCollection: hidden.id, ownerID: owner.id, now: during)
        // Categories that match nothing: only the collections can fill the digest.
        let s = try await hub.subscribe("f@example.org", DigestFilter(categories: ["astro-ph.*"], collections: [open.id, hidden.id]))
        #expect(try await hub.send(on: "2026-03-13").count == 1)
        #expect(try await hub.lastEdition(s).map(\.id) == [older[0]],
                "the paper added to the public collection that day; not the one added earlier, not the private collection's")
    }

    /// Vectors that point along each paper's primary category, tilted a little by its id.
    static func index(_ papers: [Paper]) throws -> VectorIndex {
        let categories = Array(Set(papers.compactMap(\.categories.first))).sorted()
        let index = VectorIndex(dimension: categories.count + 1, capacity: papers.count)
        try index.add(papers.map { paper in
            var v = [Float](repeating: 0, count: categories.count + 1)
            v[categories.firstIndex(of: paper.categories.first ?? "") ?? 0] = 1
            v[categories.count] = Float(paper.id.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 100) / 500
            return (paper.id, v)
        })
        return index
    }

    @Test func aForYouDigestRanksTheDayByWhatTheSubscriberLikes() async throws {
        let hub = try await DigestHub()
        let all = try await hub.store.listing(ListingRequest(range: .span(Day("2026-02-12")!, Self.day), limit: 10_000)).papers.map(\.paper)
        let digests = DigestService(subscriptions: hub.store, papers: hub.store, community: hub.store,
                                    recommender: Recommender(index: try Self.index(all)), mailer: hub.mailer)
        let ada = try await hub.store.createUser(NewUser(username: "ada", email: "ada@example.org", passwordHash: "x", emailVerified: true))
        let liked = all.filter { $0.categories.first == "cs.CL" && $0.feedDay.map { $0 < Self.day } ?? false }.prefix(3)
        for paper in liked { _ = try await hub.store.setVote(userID: ada.id, paperID: paper.id, up: true, now: Date()) }
        let s = try await hub.desk.subscribe(NewSubscription(email: ada.email, userID: ada.id, filter: DigestFilter(forYou: true, top: 5), confirmed: true))
        try await digests.queueDue(now: Date(), date: Self.day)
        try await hub.outbox.drain()
        let sent = try await hub.lastEdition(s)
        #expect(sent.count == 5 && sent.allSatisfy { $0.feedDay == Self.day })
        #expect(sent.filter { $0.categories.first == "cs.CL" }.count >= 4,
                "cs.CL is a fifth of the day; the ranking puts it first: \(sent.map { $0.categories.first ?? "" })")
    }
}
