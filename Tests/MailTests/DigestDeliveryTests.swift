import Digest
import Foundation
import PaperboyCore
import PaperboyStore
import Testing

/// Digests end to end: subscriptions on the real cs sample, editions queued by `DigestService`,
/// delivered by the outbox to aiosmtpd on loopback and read back with Python's email parser.
@Suite("Digests over SMTP", .serialized)
struct DigestDeliveryTests {
    @Test func theFirstDigestHasItsHeadersBothPartsAndOnlyMatchingPapers() async throws {
        let hub = try await DigestHub()
        let s = try await hub.subscribe("ada@example.org", DigestFilter(categories: ["cs.CL"], excludedCategories: ["cs.CV"], top: 8))
        let got = try await hub.send(on: "2026-03-13")
        let mail = try #require(got.first)
        #expect(got.count == 1 && mail.rcptTos == ["ada@example.org"])
        let papers = try await hub.lastEdition(s)
        #expect(papers.count == 8)
        #expect(papers.allSatisfy { $0.categories.contains("cs.CL") && !$0.categories.contains("cs.CV") && $0.feedDay == Day("2026-03-13") })
        #expect(mail.subject == "Paperboy daily digest, 13 Mar 2026: 8 papers")

        let unsubscribe = try #require(mail.header("List-Unsubscribe"))
        #expect(unsubscribe.contains("<https://papers.example.org/unsubscribe/\(s.token)>"))
        #expect(unsubscribe.contains("<mailto:"))
        #expect(mail.header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
        #expect(mail.header("List-Id")?.contains("<digest.") == true)
        #expect(!mail.date.isEmpty && mail.messageId.hasPrefix("<") && mail.defects.isEmpty)
        #expect(mail.contentType == "multipart/alternative")

        let text = try #require(mail.text), html = try #require(mail.html)
        for paper in papers {
            let title = paper.title.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(text.contains(title) && text.contains("https://arxiv.org/abs/\(paper.id)") && text.contains("https://arxiv.org/pdf/\(paper.id)"))
            #expect(html.contains("https://papers.example.org/papers/\(paper.id)"))
        }
        #expect(html.contains("https://papers.example.org/subscriptions/\(s.token)"), "the body links to the page to change or end it")
        #expect(!html.contains("<img") && !html.contains("<script"), "no remote images, no scripts")
    }

    @Test func savedSearchesAndFollowedAuthorsPickTheirPapers() async throws {
        let hub = try await DigestHub()
        let query = try await hub.subscribe("q@example.org", DigestFilter(queries: ["reinforcement learning"], top: 50))
        let day = try await hub.store.listing(ListingRequest(range: .day(Day("2026-03-13")!), limit: 300)).papers.map(\.paper)
        let author = try #require(day.first { $0.authors.count >= 2 }?.authors.last?.name)
        let follows = try await hub.subscribe("a@example.org", DigestFilter(authors: [author], top: 50))
        try await hub.send(on: "2026-03-13")

        let matching = try await hub.lastEdition(query)
        let expected = day.filter { ($0.title + " " + $0.abstract).lowercased().contains("reinforcement learning") }
        #expect(!expected.isEmpty)
        #expect(Set(matching.map(\.id)).isSuperset(of: expected.map(\.id)), "every paper of the day with the phrase is in")
        #expect(matching.allSatisfy { ($0.title + " " + $0.abstract).lowercased().contains("reinforc") })
        let byAuthor = try await hub.lastEdition(follows)
        #expect(!byAuthor.isEmpty && byAuthor.allSatisfy { $0.authors.contains { $0.name == author } })
    }

    @Test func noPaperIsSentTwiceAndNoDigestIsEmpty() async throws {
        let hub = try await DigestHub()
        let s = try await hub.subscribe("t@example.org", DigestFilter(top: 50))
        let nothing = try await hub.subscribe("n@example.org", DigestFilter(categories: ["astro-ph.*"]))
        #expect(try await hub.send(on: "2026-03-12").map(\.rcptTos) == [["t@example.org"]], "no mail for the filter nothing matches")
        let first = Set(try await hub.lastEdition(s).map(\.id))
        #expect(first.count == 50)
        #expect(try await hub.send(on: "2026-03-12").isEmpty, "the same day again sends nothing")
        #expect(try await hub.send(on: "2026-03-13").count == 1)
        let second = Set(try await hub.lastEdition(s).map(\.id))
        #expect(second.count == 50 && second.isDisjoint(with: first))
        #expect(try await hub.send(on: "2026-03-14").isEmpty, "Saturday has no announcement of its own and Friday's went out")
        #expect(try await hub.store.editions(subscriptionID: nothing.id, limit: 5).isEmpty)
    }

    @Test func aDigestWithNothingNewIsSentOnceSomethingArrives() async throws {
        let hub = try await DigestHub()
        let s = try await hub.subscribe("astro@example.org", DigestFilter(categories: ["astro-ph.*"]))
        #expect(try await hub.send(on: "2026-03-13").isEmpty)
        #expect(try await hub.digests.queueDue(now: Date(), date: Day("2026-03-13")).empty == 1, "a second pass skips it, still empty")
        // A late paper of the day in its category: the next pass finds it.
        let late = Paper(id: "2603.99998", title: "A late galaxy survey", abstract: "Galaxies.", authors: [Author(name: "Vera Rubin")],
                         categories: ["astro-ph.GA"], announced: Day("2026-03-13"))
        try await hub.store.upsert([late])
        #expect(try await hub.send(on: "2026-03-13").count == 1)
        #expect(try await hub.lastEdition(s).map(\.id) == [late.id])
    }

    @Test func aWeeklyDigestCoversItsWeekOnItsDay() async throws {
        let hub = try await DigestHub()
        let s = try await hub.subscribe("w@example.org", DigestFilter(categories: ["cs.LG"], top: 30), weekday: 5)
        let friday = try await hub.send(on: "2026-03-13")
        #expect(friday.count == 1)
        #expect(friday.first?.subject.hasPrefix("Paperboy weekly digest, 7 Mar – 13 Mar 2026: 30 papers") == true)
        let papers = try await hub.lastEdition(s)
        #expect(papers.allSatisfy { ($0.feedDay.map { $0 >= Day("2026-03-07")! && $0 <= Day("2026-03-13")! } ?? false) })
        #expect(Set(papers.compactMap(\.feedDay)).count > 1, "the week's days, not just Friday's")
        #expect(try await hub.send(on: "2026-03-16").isEmpty, "Monday: the week was sent")
    }

    @Test func aRecipientRefusedWith550IsSuppressed() async throws {
        let hub = try await DigestHub(reject: ["gone@example.org": 550])
        let gone = try await hub.subscribe("gone@example.org")
        let ok = try await hub.subscribe("ok@example.org")
        #expect(try await hub.send(on: "2026-03-12").map(\.rcptTos) == [["ok@example.org"]])
        #expect(try await hub.store.subscription(id: gone.id)?.status == .suppressed)
        #expect(try await hub.store.subscription(id: gone.id)?.reason?.contains("550") == true)
        #expect(try await hub.store.suppressions().map(\.address) == ["gone@example.org"])
        #expect(try await hub.store.outboxCounts()[.failed] == 1)
        #expect(try await hub.send(on: "2026-03-13").map(\.rcptTos) == [["ok@example.org"]])
        #expect(try await hub.store.subscription(id: ok.id)?.status == .active)
    }

    @Test func anEndedSubscriptionGetsNothing() async throws {
        let hub = try await DigestHub()
        let s = try await hub.subscribe("e@example.org")
        #expect(try await hub.send(on: "2026-03-12").count == 1)
        _ = try await hub.store.endSubscription(token: s.token, now: Date())
        #expect(try await hub.send(on: "2026-03-13").isEmpty)
    }

    @Test func aPendingSubscriptionGetsOnlyItsConfirmationMail() async throws {
        let hub = try await DigestHub()
        let s = try await hub.desk.subscribe(NewSubscription(email: "p@example.org", confirmed: false))
        let got = try await hub.send(on: "2026-03-13")
        #expect(got.map(\.subject) == ["Confirm your Paperboy digest"])
        #expect(got.first?.text?.contains("https://papers.example.org/subscribe/confirm/\(s.token)") == true)
        _ = try await hub.store.confirmSubscription(token: s.token, now: Date())
        #expect(try await hub.send(on: "2026-03-13").map(\.subject) == ["Paperboy daily digest, 13 Mar 2026: 10 papers"])
    }

    @Test func aTitleCannotInjectHTML() async throws {
        let hub = try await DigestHub()
        let hostile = Paper(id: "2603.99999", title: "<script>alert(1)</script><img src=x onerror=alert(2)> \"quoted\" & more",
                            abstract: "An abstract with <b>tags</b> and </div></body> in it.", authors: [Author(name: "Eve <evil@example.org>")],
                            categories: ["cs.CL"], announced: Day("2026-03-13"), hub: HubInfo(upvotes: 10_000))
        try await hub.store.upsert([hostile])
        _ = try await hub.subscribe("x@example.org", DigestFilter(categories: ["cs.CL"], top: 3))
        let html = try #require(try await hub.send(on: "2026-03-13").first?.html)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"), "the title is there, escaped")
        #expect(!html.contains("<script") && !html.contains("<img") && !html.contains("<b>") && !html.contains("</div></body> in"))
        #expect(html.contains("Eve &lt;evil@example.org&gt;"))
    }
}
