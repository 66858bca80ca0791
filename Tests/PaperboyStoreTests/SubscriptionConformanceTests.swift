import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("SubscriptionStore conformance")
struct SubscriptionConformanceTests {
    typealias Store = any PaperStore & AccountStore & SubscriptionStore
    let t0 = Community.t0

    func make(_ kind: StoreKind) async throws -> Store {
        let store = try await kind.open(as: Store.self)
        try await store.upsert(Fixtures.all)
        return store
    }

    static func mail(_ to: String) -> OutgoingMail { OutgoingMail(to: to, subject: "Digest", text: "t", html: "<p>h</p>") }

    func edition(_ s: Subscription, _ key: String = "2017-06-13", papers: [String]) -> DigestEdition {
        DigestEdition(subscriptionID: s.id, key: key, first: Day(key) ?? Day("2017-06-13")!, last: Day(key) ?? Day("2017-06-13")!, paperIDs: papers)
    }

    @Test(arguments: StoreKind.allCases)
    func doubleOptInThenChangeThenEnd(kind: StoreKind) async throws {
        let store = try await make(kind)
        let filter = DigestFilter(categories: ["cs.*"], excludedCategories: ["cs.CV"], queries: ["attention"], top: 5)
        let made = try await store.createSubscription(NewSubscription(email: "Ada@Example.org", filter: filter, confirmed: false), token: "tok1", now: t0)
        #expect(made.status == .pending && made.confirmedAt == nil && made.filter == filter)
        #expect(try await store.subscriptions(statuses: [.active]).isEmpty, "nothing is active before the click")
        let confirmed = try #require(try await store.confirmSubscription(token: "tok1", now: t0.addingTimeInterval(60)))
        #expect(confirmed.status == .active && confirmed.confirmedAt == t0.addingTimeInterval(60))
        #expect(try await store.confirmSubscription(token: "nope", now: t0) == nil)

        let weekly = DigestSchedule(weekday: 5, hour: 9, timeZone: "Europe/Paris")
        let changed = try #require(try await store.updateSubscription(token: "tok1", schedule: weekly, filter: DigestFilter(top: 3), now: t0))
        #expect(changed.schedule == weekly && changed.filter.top == 3 && changed.status == .active)
        #expect(try await store.subscription(token: "tok1") == changed)
        #expect(try await store.subscription(id: made.id) == changed)

        let ended = try #require(try await store.endSubscription(token: "tok1", now: t0))
        #expect(ended.status == .unsubscribed && ended.endedAt == t0)
        // Confirming an ended subscription does not bring it back.
        #expect(try await store.confirmSubscription(token: "tok1", now: t0)?.status == .unsubscribed)
        #expect(try await store.subscriptions(statuses: [.unsubscribed]).map(\.id) == [made.id])
        #expect(try await store.subscriptionCounts() == [.unsubscribed: 1])
    }

    @Test(arguments: StoreKind.allCases)
    func anEditionIsClaimedOnceWithItsMailAndPapers(kind: StoreKind) async throws {
        let store = try await make(kind)
        let s = try await store.createSubscription(NewSubscription(email: "ada@example.org", confirmed: true), token: "t", now: t0)
        let papers = [Fixtures.attention.id, Fixtures.bert.id]
        let outboxID = try #require(try await store.claimEdition(edition(s, papers: papers), mail: Self.mail(s.email), now: t0))
        #expect(try await store.claimEdition(edition(s, papers: [Fixtures.resnet.id]), mail: Self.mail(s.email), now: t0) == nil,
                "the same edition again is refused")
        let queued = try await store.outbox(status: .pending, limit: 10)
        #expect(queued.map(\.id) == [outboxID], "one message, from the first claim only")
        #expect(try await store.sentPapers(subscriptionID: s.id) == Set(papers))
        #expect(try await store.subscription(id: s.id)?.lastEdition == Subscription.Edition("2017-06-13", Day("2017-06-13")!))
        let editions = try await store.editions(subscriptionID: s.id, limit: 5)
        #expect(editions.map(\.edition.paperIDs) == [papers], "the papers keep their order")

        // Another edition adds its papers; one already sent is not recorded twice.
        _ = try #require(try await store.claimEdition(edition(s, "2017-06-14", papers: [Fixtures.bert.id, Fixtures.resnet.id]),
                                                    mail: Self.mail(s.email), now: t0))
        #expect(try await store.sentPapers(subscriptionID: s.id) == Set(papers + [Fixtures.resnet.id]))
        #expect(try await store.subscription(id: s.id)?.lastEdition?.last == Day("2017-06-14"))
    }

    @Test(arguments: StoreKind.allCases)
    func onlyActiveSubscriptionsClaim(kind: StoreKind) async throws {
        let store = try await make(kind)
        let pending = try await store.createSubscription(NewSubscription(email: "p@example.org", confirmed: false), token: "p", now: t0)
        let ended = try await store.createSubscription(NewSubscription(email: "e@example.org", confirmed: true), token: "e", now: t0)
        _ = try await store.endSubscription(token: "e", now: t0)
        for s in [pending, ended] {
            #expect(try await store.claimEdition(edition(s, papers: [Fixtures.bert.id]), mail: Self.mail(s.email), now: t0) == nil)
        }
        #expect(try await store.outbox(status: nil, limit: 10).isEmpty, "nothing queued for them")
    }

    @Test(arguments: StoreKind.allCases)
    func aRefusedAddressIsSuppressedNowAndLater(kind: StoreKind) async throws {
        let store = try await make(kind)
        let a = try await store.createSubscription(NewSubscription(email: "gone@example.org", confirmed: true), token: "a", now: t0)
        let other = try await store.createSubscription(NewSubscription(email: "ok@example.org", confirmed: true), token: "b", now: t0)
        try await store.suppress(address: "GONE@example.org", reason: "550 5.1.1 no such user", now: t0)
        #expect(try await store.subscription(id: a.id)?.status == .suppressed)
        #expect(try await store.subscription(id: a.id)?.reason == "550 5.1.1 no such user")
        #expect(try await store.subscription(id: other.id)?.status == .active)
        #expect(try await store.suppressions().map(\.address) == ["GONE@example.org"])
        let again = try await store.createSubscription(NewSubscription(email: "gone@example.org", confirmed: true), token: "c", now: t0)
        #expect(again.status == .suppressed, "a new subscription for a refused address sends nothing either")
    }

    @Test(arguments: StoreKind.allCases)
    func anAccountSeesOnlyItsOwnSubscriptions(kind: StoreKind) async throws {
        let store = try await make(kind)
        let ada = try await store.createUser(Accounts.newUser("ada"))
        let bob = try await store.createUser(Accounts.newUser("bob"))
        let mine = try await store.createSubscription(NewSubscription(email: ada.email, userID: ada.id, confirmed: true), token: "m", now: t0)
        _ = try await store.createSubscription(NewSubscription(email: bob.email, userID: bob.id, confirmed: true), token: "b", now: t0)
        #expect(try await store.subscriptions(userID: ada.id).map(\.id) == [mine.id])
        // Deleting the account deletes its subscriptions.
        try await store.deleteUser(id: ada.id)
        #expect(try await store.subscription(id: mine.id) == nil)
    }
}
