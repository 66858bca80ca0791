import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("CommunityStore conformance: interests")
struct InterestConformanceTests {
    let attention = Fixtures.attention.id, bert = Fixtures.bert.id, resnet = Fixtures.resnet.id, café = Fixtures.café.id
    let t0 = Community.t0

    @Test(arguments: StoreKind.allCases)
    func signalsGatherUpvotesSavesSeedsAndRejections(kind: StoreKind) async throws {
        let c = try await Community(kind)
        #expect(try await c.store.interestSignals(userID: c.ada.id).isEmpty)

        _ = try await c.store.setVote(userID: c.ada.id, paperID: bert, up: true, now: t0)
        let hidden = try await c.store.createCollection(ownerID: c.ada.id, name: "Secret", description: "", isPublic: false, now: t0)
        try await c.store.addPaper(bert, toCollection: hidden.id, ownerID: c.ada.id, now: t0.addingTimeInterval(1))
        try await c.store.addPaper(attention, toCollection: hidden.id, ownerID: c.ada.id, now: t0.addingTimeInterval(2))
        try await c.store.setInterest(userID: c.ada.id, paperID: café, interested: true, now: t0.addingTimeInterval(3))
        try await c.store.setInterest(userID: c.ada.id, paperID: resnet, interested: false, now: t0.addingTimeInterval(4))
        try await c.store.setInterestCategories(userID: c.ada.id, ["cs.CL", "cs.*", "cs.CL"])

        let signals = try await c.store.interestSignals(userID: c.ada.id)
        #expect(signals.liked.map(\.paperID) == [café, attention, bert], "newest signal first")
        #expect(signals.liked.first { $0.paperID == bert }?.sources == [.saved(collectionID: hidden.id, name: "Secret"), .upvoted])
        #expect(signals.liked.first { $0.paperID == café }?.sources == [.picked])
        #expect(signals.liked.first { $0.paperID == attention }?.title == Fixtures.attention.title)
        #expect(signals.notInterested == [resnet])
        #expect(signals.categories == ["cs.*", "cs.CL"])

        // Nobody else's ranking sees Ada's signals, her private collection included.
        #expect(try await c.store.interestSignals(userID: c.bob.id).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func marksChangeAndClear(kind: StoreKind) async throws {
        let c = try await Community(kind)
        try await c.store.setInterest(userID: c.ada.id, paperID: bert, interested: false, now: t0)
        try await c.store.setInterest(userID: c.ada.id, paperID: bert, interested: true, now: t0)
        #expect(try await c.store.interestSignals(userID: c.ada.id).liked.map(\.paperID) == [bert])
        #expect(try await c.store.interestSignals(userID: c.ada.id).notInterested.isEmpty)
        try await c.store.setInterest(userID: c.ada.id, paperID: bert, interested: nil, now: t0)
        #expect(try await c.store.interestSignals(userID: c.ada.id).isEmpty)

        // An upvote outweighs an older "not interested".
        try await c.store.setInterest(userID: c.ada.id, paperID: resnet, interested: false, now: t0)
        _ = try await c.store.setVote(userID: c.ada.id, paperID: resnet, up: true, now: t0)
        let signals = try await c.store.interestSignals(userID: c.ada.id)
        #expect(signals.liked.map(\.paperID) == [resnet] && signals.notInterested.isEmpty)

        await #expect(throws: CommunityError.noSuchPaper("2401.99999")) {
            try await c.store.setInterest(userID: c.ada.id, paperID: "2401.99999", interested: true, now: t0)
        }
        await #expect(throws: CommunityError.noSuchUser) {
            try await c.store.setInterest(userID: Accounts.nobody, paperID: bert, interested: true, now: t0)
        }
        try await c.store.setInterestCategories(userID: c.ada.id, ["cs.LG"])
        try await c.store.setInterestCategories(userID: c.ada.id, [])
        #expect(try await c.store.interestSignals(userID: c.ada.id).categories.isEmpty)
    }

    /// Replacements racing each other leave one of the sets whole: never a mix, never an error.
    @Test(arguments: StoreKind.allCases)
    func racingCategoryReplacementsLeaveOneSet(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let store = c.store, ada = c.ada.id
        let sets = (0..<12).map { i in ["cs.CL", "cs.LG", "math.\(String(format: "%02d", i))"] }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for set in sets { group.addTask { try await store.setInterestCategories(userID: ada, set) } }
            try await group.waitForAll()
        }
        let categories = try await store.interestSignals(userID: ada).categories
        #expect(sets.contains(categories), "\(categories)")
    }

    @Test(arguments: StoreKind.allCases)
    func aDeletedAccountOrWithdrawnPaperLeavesNoSignal(kind: StoreKind) async throws {
        let c = try await Community(kind)
        try await c.store.setInterest(userID: c.ada.id, paperID: bert, interested: true, now: t0)
        try await c.store.setInterest(userID: c.ada.id, paperID: resnet, interested: true, now: t0)
        try await c.store.delete(ids: [resnet], checkpoint: nil)
        #expect(try await c.store.interestSignals(userID: c.ada.id).liked.map(\.paperID) == [bert])
        try await c.store.setInterestCategories(userID: c.ada.id, ["cs.CL"])
        try await c.store.deleteUser(id: c.ada.id)
        #expect(try await c.store.interestSignals(userID: c.ada.id).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func thePoolOfARangeIsItsPapersNewestFirst(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let all = try await c.store.paperIDs(from: Day("1990-01-01")!, through: Day("2030-01-01")!, filter: .init())
        #expect(all == [café, bert, attention, resnet, Fixtures.quantum.id])
        let cl = try await c.store.paperIDs(from: Day("2017-06-01")!, through: Day("2024-12-31")!, filter: CategoryFilter(include: ["cs.CL"]))
        #expect(cl == [café, bert, attention])
        #expect(try await c.store.paperIDs(from: Day("2017-06-14")!, through: Day("2018-10-11")!, filter: .init()).isEmpty)
    }
}
