import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("PaperStore conformance: feeds, stats, embeddings")
struct ListingConformanceTests {
    static func paper(_ id: String, _ day: String, _ categories: [String], votes: Int? = nil, hour: Double = 10) -> Paper {
        Paper(id: id, title: "Paper \(id)", abstract: "About \(id).", categories: categories,
              published: Day(day)!.date.addingTimeInterval(-86_400 + hour * 3600), announced: Day(day),
              hub: votes.map { HubInfo(upvotes: $0) })
    }

    static let feed = [
        paper("2403.00010", "2024-03-05", ["cs.CL"], votes: 10, hour: 1),
        paper("2403.00011", "2024-03-05", ["cs.LG", "stat.ML"], hour: 9),
        paper("2403.00012", "2024-03-05", ["cs.CV"], hour: 15),
        paper("2403.00020", "2024-03-07", ["cs.CL"]),
        paper("2403.00001", "2024-03-01", ["math.AG"]),
    ]

    func feedStore(_ kind: StoreKind) async throws -> any PaperStore {
        let store = try await kind.make()
        try await store.upsert(Self.feed)
        return store
    }

    @Test(arguments: StoreKind.allCases)
    func trendingPutsVotesFirstThenNewest(kind: StoreKind) async throws {
        let store = try await feedStore(kind)
        let now = Day("2024-03-06")!.date
        let listing = try await store.listing(ListingRequest(range: .day(Day("2024-03-05")!), now: now))
        // Same announcement day, so equal scores without votes: the later submission first.
        #expect(listing.papers.map(\.paper.id) == ["2403.00010", "2403.00012", "2403.00011"])
        #expect(listing.total == 3)
        let top = try #require(listing.papers.first)
        #expect(top.votes == 10)
        let expected = Trending.score(votes: 10, since: Day("2024-03-05")!.date, now: now)
        #expect(abs(top.trendingScore - expected) < 1e-9)
    }

    @Test(arguments: StoreKind.allCases)
    func newestSortFiltersAndPaging(kind: StoreKind) async throws {
        let store = try await feedStore(kind)
        let march = DayRange.month(containing: Day("2024-03-01")!)
        let newest = try await store.listing(ListingRequest(range: march, sort: .newest))
        #expect(newest.papers.map(\.paper.id) == ["2403.00020", "2403.00012", "2403.00011", "2403.00010", "2403.00001"])
        let cs = try await store.listing(ListingRequest(range: march, filter: CategoryFilter(include: ["cs.*"], exclude: ["cs.CV"]), sort: .newest))
        #expect(cs.papers.map(\.paper.id) == ["2403.00020", "2403.00011", "2403.00010"])
        let stat = try await store.listing(ListingRequest(range: march, filter: CategoryFilter(include: ["stat"])))
        #expect(stat.papers.map(\.paper.id) == ["2403.00011"])
        let page = try await store.listing(ListingRequest(range: march, sort: .newest, offset: 1, limit: 2))
        #expect(page.papers.map(\.paper.id) == ["2403.00012", "2403.00011"] && page.total == 5)
        // The total is known past the last page too (the web answers "page 9 of 1" with it).
        let past = try await store.listing(ListingRequest(range: march, filter: CategoryFilter(include: ["cs.*"]), offset: 8, limit: 2))
        #expect(past.papers.isEmpty && past.total == 4)
    }

    @Test(arguments: StoreKind.allCases)
    func latestAndNeighbourDaysSkipEmptyDaysAndRespectFilters(kind: StoreKind) async throws {
        let store = try await feedStore(kind)
        #expect(try await store.latestDay(filter: .init()) == Day("2024-03-07"))
        #expect(try await store.latestDay(filter: CategoryFilter(include: ["math.*"])) == Day("2024-03-01"))
        #expect(try await store.latestDay(filter: CategoryFilter(include: ["q-bio.*"])) == nil)
        let around = try await store.neighbourDays(of: .day(Day("2024-03-05")!), filter: .init())
        #expect(around.previous == Day("2024-03-01") && around.next == Day("2024-03-07"))
        let cv = try await store.neighbourDays(of: .day(Day("2024-03-05")!), filter: CategoryFilter(include: ["cs.CV"]))
        #expect(cv.previous == nil && cv.next == nil)
        let week = try await store.neighbourDays(of: DayRange.week(containing: Day("2024-03-05")!), filter: .init())
        // The week of Mon 4 to Sun 10 March holds the 5th and 7th; Fri 1 March is the week before.
        #expect(week.previous == Day("2024-03-01") && week.next == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func statsCountLivePapers(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        let stats = try await store.stats()
        #expect(stats.papers == 5)
        #expect(stats.firstDay == Day("1995-08-31") && stats.lastDay == Day("2024-03-04"))
        #expect(stats.categories.first?.category == "cs.CL" && stats.categories.first?.papers == 2)
        #expect(stats.categories.map(\.papers).reduce(0, +) == 5)
    }

    @Test(arguments: StoreKind.allCases)
    func embeddingsRoundTripAndFollowTheText(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        let a: [Float] = [0.5, -1.25, .leastNonzeroMagnitude, 3e38], b: [Float] = [1, 2, 3, 4]
        try await store.saveEmbeddings(model: "m1", precision: "f32", [(Fixtures.resnet.id, a), ("0000.00000", b)])
        try await store.saveEmbeddings(model: "m1", precision: "int8", [(Fixtures.attention.id, b)])
        #expect(try await store.embeddingCount(model: "m1") == 2)
        #expect(try await store.embeddingCount(model: "m2") == 0)
        let stored = try await store.embeddings(model: "m1")
        #expect(stored.map(\.id) == [Fixtures.resnet.id, Fixtures.attention.id].sorted())
        #expect(stored.first { $0.id == Fixtures.resnet.id }?.vector == a)
        let missing = try await store.papersWithoutEmbedding(model: "m1", limit: 10).map(\.id)
        #expect(missing == [Fixtures.bert.id, Fixtures.café.id, Fixtures.quantum.id].sorted())
        #expect(try await store.stats().embeddings == ["m1": 2])
        #expect(try await store.stats().embeddingPrecisions == ["m1": ["f32": 1, "int8": 1]])
        // A new version with a new abstract needs a new vector.
        var v2 = Fixtures.resnet
        v2.version = 2
        v2.abstract = "A rewritten abstract."
        try await store.upsert([v2])
        #expect(try await store.embeddingCount(model: "m1") == 1)
        await #expect(throws: (any Error).self) { try await store.saveEmbeddings(model: "m1", precision: "f32", [(Fixtures.bert.id, [.nan])]) }
    }
}
