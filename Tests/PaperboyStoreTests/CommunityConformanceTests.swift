import Foundation
import Testing
import PaperboyCore
import PaperboyStore

/// A store with the five fixture papers and three people. The fixture "Attention" carries 40
/// imported (Hugging Face) upvotes; the others none.
struct Community {
    typealias Store = any PaperStore & AccountStore & CommunityStore
    let store: Store
    let ada: User, bob: User, cy: User

    init(_ kind: StoreKind) async throws {
        let made = try await kind.open()
        store = try #require(made as? Store, "\(kind) keeps no community data")
        try await store.upsert(Fixtures.all)
        ada = try await store.createUser(Accounts.newUser("ada"))
        bob = try await store.createUser(Accounts.newUser("bob"))
        cy = try await store.createUser(Accounts.newUser("cy"))
    }

    static let t0 = Accounts.t0
}

@Suite("CommunityStore conformance")
struct CommunityConformanceTests {
    let attention = Fixtures.attention.id, bert = Fixtures.bert.id, resnet = Fixtures.resnet.id

    @Test(arguments: StoreKind.allCases)
    func aVoteIsOnePerPersonAndTogglesOff(kind: StoreKind) async throws {
        let c = try await Community(kind)
        #expect(try await c.store.setVote(userID: c.ada.id, paperID: bert, up: true, now: Community.t0) == VoteTally(upvotes: 1, upvoted: true))
        // Again: still one vote.
        #expect(try await c.store.setVote(userID: c.ada.id, paperID: bert, up: true, now: Community.t0) == VoteTally(upvotes: 1, upvoted: true))
        #expect(try await c.store.setVote(userID: c.bob.id, paperID: bert, up: true, now: Community.t0) == VoteTally(upvotes: 2, upvoted: true))
        #expect(try await c.store.setVote(userID: c.ada.id, paperID: bert, up: false, now: Community.t0) == VoteTally(upvotes: 1, upvoted: false))
        #expect(try await c.store.setVote(userID: c.ada.id, paperID: bert, up: false, now: Community.t0) == VoteTally(upvotes: 1, upvoted: false))
        // Imported upvotes count too.
        #expect(try await c.store.setVote(userID: c.ada.id, paperID: attention, up: true, now: Community.t0) == VoteTally(upvotes: 41, upvoted: true))

        #expect(try await c.store.upvoted(userID: c.ada.id, among: [attention, bert, resnet, "9999.99999"]) == [attention])
        #expect(try await c.store.upvoted(userID: c.bob.id, among: [attention, bert]) == [bert])
        #expect(try await c.store.upvoted(userID: c.cy.id, among: [attention, bert]) == [])
        let activity = try await c.store.activity(paperIDs: [attention, bert, resnet])
        #expect(activity[attention]?.localVotes == 1)
        #expect(activity[bert]?.localVotes == 1)
        #expect(activity[resnet] == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func votesNameARealPaperAndPerson(kind: StoreKind) async throws {
        let c = try await Community(kind)
        await #expect(throws: CommunityError.noSuchPaper("2401.99999")) {
            try await c.store.setVote(userID: c.ada.id, paperID: "2401.99999", up: true, now: Community.t0)
        }
        await #expect(throws: CommunityError.noSuchUser) {
            try await c.store.setVote(userID: Accounts.nobody, paperID: bert, up: true, now: Community.t0)
        }
        await #expect(throws: CommunityError.noSuchUser) {
            try await c.store.submit(paperID: bert, userID: Accounts.nobody, now: Community.t0)
        }
        // A paper arXiv withdrew can no longer be voted for.
        try await c.store.delete(ids: [resnet], checkpoint: nil)
        await #expect(throws: CommunityError.noSuchPaper(resnet)) {
            try await c.store.setVote(userID: c.ada.id, paperID: resnet, up: true, now: Community.t0)
        }
        #expect(try await c.store.activity(paperIDs: [bert]).isEmpty)
    }

    /// 100 people each vote for 10 papers at once, some twice, some taking a vote back and
    /// casting it again: every count comes out exact.
    @Test(arguments: StoreKind.allCases)
    func concurrentVotesGiveExactCounts(kind: StoreKind) async throws {
        let c = try await Community(kind)
        var papers: [Paper] = []
        for i in 0..<10 {
            papers.append(Paper(id: "2501.\(String(format: "%05d", i))", title: "Paper \(i)", abstract: "Abstract \(i).",
                                authors: [Author(name: "A. Author")], categories: ["cs.LG"],
                                published: Fixtures.date("2025-01-02"), announced: Day("2025-01-03")))
        }
        try await c.store.upsert(papers)
        var users: [User] = []
        for i in 0..<100 { users.append(try await c.store.createUser(Accounts.newUser("voter\(i)"))) }
        let store = c.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (u, user) in users.enumerated() {
                for (p, paper) in papers.enumerated() {
                    group.addTask {
                        _ = try await store.setVote(userID: user.id, paperID: paper.id, up: true, now: Community.t0)
                        // Every seventh pair votes again; every eleventh takes it back and votes again.
                        if (u + p) % 7 == 0 { _ = try await store.setVote(userID: user.id, paperID: paper.id, up: true, now: Community.t0) }
                        if (u * p) % 11 == 1 {
                            _ = try await store.setVote(userID: user.id, paperID: paper.id, up: false, now: Community.t0)
                            _ = try await store.setVote(userID: user.id, paperID: paper.id, up: true, now: Community.t0)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let activity = try await c.store.activity(paperIDs: papers.map(\.id))
        for paper in papers { #expect(activity[paper.id]?.localVotes == 100, "\(paper.id)") }
        // The last vote of each paper reports the count too.
        let tally = try await c.store.setVote(userID: c.ada.id, paperID: papers[0].id, up: true, now: Community.t0)
        #expect(tally == VoteTally(upvotes: 101, upvoted: true))
    }

    @Test(arguments: StoreKind.allCases)
    func aPaperKeepsItsFirstSubmitter(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let t1 = Community.t0.addingTimeInterval(60)
        let first = try await c.store.submit(paperID: bert, userID: c.ada.id, now: Community.t0)
        #expect(first.isNew)
        #expect(first.submission == Submission(paperID: bert, userID: c.ada.id, username: "ada", submittedAt: Community.t0))
        let again = try await c.store.submit(paperID: bert, userID: c.bob.id, now: t1)
        #expect(!again.isNew)
        #expect(again.submission == first.submission)
        _ = try await c.store.submit(paperID: resnet, userID: c.ada.id, now: t1)

        #expect(try await c.store.submissionCount(userID: c.ada.id, since: Community.t0) == 2)
        #expect(try await c.store.submissionCount(userID: c.ada.id, since: t1) == 1)
        #expect(try await c.store.submissionCount(userID: c.bob.id, since: Community.t0) == 0)
        #expect(try await c.store.activity(paperIDs: [bert])[bert]?.submission?.username == "ada")

        #expect(try await c.store.removeSubmission(paperID: resnet))
        #expect(try await !c.store.removeSubmission(paperID: resnet))
        #expect(try await c.store.submissionCount(userID: c.ada.id, since: Community.t0) == 1)
    }

    /// Many people submitting one paper at once: one submission stands, and every answer names it.
    @Test(arguments: StoreKind.allCases)
    func racingSubmissionsLeaveTheFirst(kind: StoreKind) async throws {
        let c = try await Community(kind)
        var users: [User] = []
        for i in 0..<12 { users.append(try await c.store.createUser(Accounts.newUser("submitter\(i)"))) }
        let store = c.store, bert = bert
        let answers = try await withThrowingTaskGroup(of: (submission: Submission, isNew: Bool).self) { group in
            for (i, user) in users.enumerated() {
                group.addTask { try await store.submit(paperID: bert, userID: user.id, now: Community.t0.addingTimeInterval(Double(i))) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(answers.filter(\.isNew).count == 1)
        let first = try #require(answers.first { $0.isNew }?.submission)
        #expect(answers.allSatisfy { $0.submission == first })
        #expect(try await store.activity(paperIDs: [bert])[bert]?.submission == first)
    }

    /// Deleting an account takes its votes with it; what it submitted stays, unattributed.
    @Test(arguments: StoreKind.allCases)
    func aDeletedAccountLeavesItsSubmissionsAndTakesItsVotes(kind: StoreKind) async throws {
        let c = try await Community(kind)
        _ = try await c.store.submit(paperID: bert, userID: c.ada.id, now: Community.t0)
        _ = try await c.store.setVote(userID: c.ada.id, paperID: bert, up: true, now: Community.t0)
        _ = try await c.store.setVote(userID: c.bob.id, paperID: bert, up: true, now: Community.t0)
        try await c.store.deleteUser(id: c.ada.id)
        let activity = try #require(try await c.store.activity(paperIDs: [bert])[bert])
        #expect(activity.localVotes == 1)
        #expect(activity.submission?.userID == nil)
        #expect(activity.submission?.username == nil)
        #expect(activity.submission?.submittedAt == Community.t0)
    }

    /// The community view of a range holds what was submitted or voted for on its days; local
    /// votes also lift papers in the "all new" listing.
    @Test(arguments: StoreKind.allCases)
    func communityListingHoldsWhatWasPickedInTheRange(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let day = Day("2025-06-16")!
        let noon = day.date.addingTimeInterval(12 * 3600)
        let nextDay = noon.addingTimeInterval(86_400)
        _ = try await c.store.submit(paperID: resnet, userID: c.ada.id, now: noon)
        let eleven = noon.addingTimeInterval(-3600)
        _ = try await c.store.setVote(userID: c.bob.id, paperID: bert, up: true, now: eleven)
        _ = try await c.store.setVote(userID: c.cy.id, paperID: bert, up: true, now: noon)
        _ = try await c.store.setVote(userID: c.cy.id, paperID: Fixtures.café.id, up: true, now: nextDay)

        let today = try await c.store.communityListing(ListingRequest(range: .day(day), now: nextDay))
        #expect(today.papers.map(\.paper.id) == [bert, resnet])
        #expect(today.total == 2)
        #expect(today.papers.map(\.votes) == [2, 0])
        let week = try await c.store.communityListing(ListingRequest(range: .week(containing: day), now: nextDay))
        #expect(Set(week.papers.map(\.paper.id)) == [bert, resnet, Fixtures.café.id])
        let vision = try await c.store.communityListing(ListingRequest(range: .week(containing: day), filter: CategoryFilter(include: ["cs.CV"]), now: nextDay))
        #expect(vision.papers.map(\.paper.id) == [resnet])
        let newest = try await c.store.communityListing(ListingRequest(range: .day(day), sort: .newest, now: nextDay))
        #expect(newest.papers.map(\.paper.id) == [resnet, bert], "papers count from their submission, else their first vote")
        let pastPage = try await c.store.communityListing(ListingRequest(range: .day(day), offset: 5, now: nextDay))
        #expect(pastPage.papers.isEmpty && pastPage.total == 2)
        let dayBefore = try await c.store.communityListing(ListingRequest(range: .day(day.adding(days: -1)), now: nextDay))
        #expect(dayBefore.papers.isEmpty && dayBefore.total == 0)

        // In the ordinary listing, BERT's two local votes show in its count.
        let bertDay = try await c.store.listing(ListingRequest(range: .day(Fixtures.bert.announced!), now: nextDay))
        #expect(bertDay.papers.first { $0.paper.id == bert }?.votes == 2)
    }
}
