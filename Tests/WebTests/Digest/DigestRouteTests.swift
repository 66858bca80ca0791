import Digest
import Foundation
import Hummingbird
import HummingbirdTesting
import Mail
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// The digest pages on the bundled sample: subscribing with double opt-in, confirming,
/// changing, ending (by form and by RFC 8058 one-click), previews and feeds, and who sees what.
@Suite struct DigestRouteTests {
    static let fields: [(String, String)] = [("frequency", "daily"), ("hour", "7"), ("timezone", "UTC"), ("categories", "cs.*, math.*"),
                                             ("exclude", "cs.CV"), ("queries", "graph\n\"neural network\""), ("authors", ""),
                                             ("collections", ""), ("top", "10")]

    func withApp(_ body: @escaping @Sendable (any HubStore, any TestClientProtocol) async throws -> Void) async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in try await body(store, client) }
    }

    static func subscription(_ store: any HubStore, _ email: String) async throws -> Subscription {
        try #require(try await store.subscriptions(statuses: []).first { $0.email == email })
    }

    @Test func anAddressSubscribesAndConfirmsBeforeAnythingIsSent() async throws {
        try await withApp { store, client in
            var browser = TestBrowser(client)
            let form = try await browser.get("/subscribe?cat=cs.LG")
            #expect(form.status == .ok && String(buffer: form.body).contains("value=\"cs.LG\""), "the feed's category comes along")
            let made = try await browser.post("/subscribe", [("email", "reader@example.org")] + Self.fields)
            #expect(made.status == .created && String(buffer: made.body).contains("Check your inbox"))
            let pending = try await Self.subscription(store, "reader@example.org")
            #expect(pending.status == .pending && pending.filter.queries == ["graph", "\"neural network\""] && pending.filter.excludedCategories == ["cs.CV"])
            let queued = try await store.outbox(status: nil, limit: 10)
            #expect(queued.map(\.mail.subject) == ["Confirm your Paperboy digest"], "the opt-in mail and nothing else")
            let link = try #require(queued.first?.mail.text.components(separatedBy: .whitespacesAndNewlines).first { $0.contains("/subscribe/confirm/") })
            let path = String(link.dropFirst(Fixture.config.publicURL.count))

            // Opening the link (or a mail scanner fetching it) changes nothing: a button does.
            let page = try await browser.get(path)
            #expect(page.status == .ok && String(buffer: page.body).contains("Confirm subscription"))
            #expect(try await Self.subscription(store, "reader@example.org").status == .pending)
            let confirmed = try await browser.post(path, [])
            #expect(confirmed.status == .seeOther && confirmed.headers[.location] == "/subscriptions/\(pending.token)?confirmed=1")
            #expect(try await Self.subscription(store, "reader@example.org").status == .active)
            let manage = try await browser.get("/subscriptions/\(pending.token)?confirmed=1")
            #expect(String(buffer: manage.body).contains("Confirmed") && String(buffer: manage.body).contains("Active: top 10"))
            #expect(manage.headers[.cacheControl] == "no-store", "a page holding an address is never kept by a cache")
        }
    }

    @Test(arguments: [
        ("email", "not an address", "Email: "),
        ("categories", "Physics", "Categories: &#39;Physics&#39; is not a category"),
        ("exclude", "cs.CV, <b>", "Excluded categories: &#39;&lt;b&gt;&#39; is not a category"),
        ("top", "500", "Top: 500 is not a number of papers from 1 to 50"),
        ("top", "ten", "Papers per digest: &#39;ten&#39; is not a number"),
        ("timezone", "Mars/Olympus", "Time zone: &#39;Mars/Olympus&#39; is not a time zone"),
        ("hour", "25", "Hour: 25 is not an hour"),
        ("collections", "my-list", "Collections: &#39;my-list&#39; is not a collection number"),
        ("foryou", "1", "For you: only a signed-in account"),
    ])
    func badInputIsRefusedNamingTheField(field: String, value: String, message: String) async throws {
        try await withApp { store, client in
            var browser = TestBrowser(client)
            try await browser.get("/subscribe")
            let values = ([("email", "reader@example.org")] + Self.fields).filter { $0.0 != field } + [(field, value)]
            let response = try await browser.post("/subscribe", values)
            #expect(response.status == .unprocessableContent)
            #expect(String(buffer: response.body).contains(message))
            #expect(try await store.subscriptions(statuses: []).isEmpty)
            #expect(try await store.outbox(status: nil, limit: 10).isEmpty)
        }
    }

    @Test func aFormWithoutItsTokenIsRefused() async throws {
        try await withApp { store, client in
            var browser = TestBrowser(client)
            let response = try await browser.post("/subscribe", [("email", "reader@example.org")] + Self.fields)
            #expect(response.status == .forbidden)
            #expect(try await store.subscriptions(statuses: []).isEmpty)
        }
    }

    @Test func oneClickUnsubscribeNeedsNoCookieAndNoRedirect() async throws {
        try await withApp { store, client in
            let s = try await store.createSubscription(NewSubscription(email: "r@example.org", confirmed: true), token: String(repeating: "ab", count: 24), now: Date())
            let response = try await client.execute(uri: "/unsubscribe/\(s.token)", method: .post,
                                                    headers: [.contentType: "application/x-www-form-urlencoded"],
                                                    body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
            #expect(response.status == .ok && response.headers[.location] == nil)
            #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
            #expect(try await store.subscription(token: s.token)?.status == .unsubscribed)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("paperboy_digest_subscriptions{status=\"unsubscribed\"} 1"))
            #expect(metrics.contains("paperboy_digest_subscriptions{status=\"active\"} 0"))
            let mailer = Mailer(store: store, settings: try MailSettings(smtpURL: nil, publicURL: URL(string: Fixture.config.publicURL)!))
            let digests = DigestService(subscriptions: store, papers: store, community: store, recommender: nil, mailer: mailer)
            #expect(try await digests.queueDue(now: Date(), date: Fixture.days.last).queued == 0, "nothing is sent after it")
            #expect(try await store.outbox(status: nil, limit: 10).isEmpty)
            // The same link opened in a browser shows the page, ended.
            let page = try await client.execute(uri: "/unsubscribe/\(s.token)", method: .get)
            #expect(page.status == .ok && String(buffer: page.body).contains("Ended: nothing more is sent"))
            for bad in ["/unsubscribe/" + String(repeating: "cd", count: 24), "/unsubscribe/short", "/unsubscribe/%3Cscript%3E"] {
                let r = try await client.execute(uri: bad, method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                 body: ByteBuffer(string: "List-Unsubscribe=One-Click"))
                #expect(r.status == .notFound, "\(bad)")
            }
        }
    }

    @Test func theManagePageChangesAndEndsTheSubscription() async throws {
        try await withApp { store, client in
            let s = try await store.createSubscription(NewSubscription(email: "r@example.org", confirmed: true), token: String(repeating: "12", count: 24), now: Date())
            var browser = TestBrowser(client)
            let page = try await browser.get("/subscriptions/\(s.token)")
            #expect(String(buffer: page.body).contains("Active: top 10: the period&#39;s trending papers"))
            let saved = try await browser.post("/subscriptions/\(s.token)", [("frequency", "weekly"), ("weekday", "3"), ("hour", "18"),
                                                                              ("timezone", "Asia/Tokyo"), ("categories", "math.*"), ("top", "5")])
            #expect(saved.status == .seeOther)
            let changed = try #require(try await store.subscription(token: s.token))
            #expect(changed.schedule == DigestSchedule(weekday: 3, hour: 18, timeZone: "Asia/Tokyo") && changed.filter.categories == ["math.*"] && changed.filter.top == 5)
            #expect(changed.email == "r@example.org", "the address is not the form's to change")
            let ended = try await browser.post("/subscriptions/\(s.token)/end", [])
            #expect(ended.status == .ok && String(buffer: ended.body).contains("Unsubscribed"))
            #expect(try await store.subscription(token: s.token)?.status == .unsubscribed)
        }
    }

    @Test func previewAndFeedsShowTheSubscriptionsPapers() async throws {
        try await withApp { store, client in
            let s = try await store.createSubscription(NewSubscription(email: "r@example.org", filter: DigestFilter(categories: ["math.*"]), confirmed: true),
                                                       token: String(repeating: "9f", count: 24), now: Date())
            let preview = try await client.execute(uri: "/subscriptions/\(s.token)/preview", method: .get)
            let html = String(buffer: preview.body)
            #expect(preview.status == .ok && html.contains("Paperboy digest") && html.contains("https://hub.example/papers/"))
            let mathIDs = Set(Fixture.samplePapers.filter { $0.categories.contains { $0.hasPrefix("math") } }.map(\.id))
            let linked = html.components(separatedBy: "https://hub.example/papers/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            #expect(!linked.isEmpty && linked.allSatisfy(mathIDs.contains))
            for (file, type) in [("feed.atom", "application/atom+xml"), ("feed.rss", "application/rss+xml"), ("feed.json", "application/feed+json")] {
                let feed = try await client.execute(uri: "/subscriptions/\(s.token)/\(file)", method: .get)
                #expect(feed.status == .ok && feed.headers[.contentType]?.hasPrefix(type) == true, "\(file)")
                #expect(feed.headers[.cacheControl] == "private, no-cache")
            }
            #expect(try await client.execute(uri: "/subscriptions/\(s.token)/feed.xml", method: .get).status == .notFound)
            // Each costs a selection: a client gets a few a minute.
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<40 { statuses.append(try await client.execute(uri: "/subscriptions/\(s.token)/feed.atom", method: .get).status) }
            #expect(statuses.contains(.tooManyRequests) && !statuses.contains { $0.code >= 500 })
        }
    }

    @Test func anAccountSubscribesWithoutConfirmingAndSeesOnlyItsOwn() async throws {
        try await withApp { store, client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/subscribe")
            let made = try await ada.post("/subscribe", [("email", "ada@example.org"), ("foryou", "1")] + Self.fields)
            #expect(made.status == .seeOther)
            let mine = try await Self.subscription(store, "ada@example.org")
            #expect(mine.status == .active && mine.filter.forYou && mine.userID != nil)
            #expect(try await store.outbox(status: nil, limit: 10).isEmpty, "no confirmation mail for the account's own address")
            let settings = String(buffer: try await ada.get("/settings").body)
            #expect(settings.contains("/subscriptions/\(mine.token)"))
            #expect(try await ada.get("/digest/preview").status == .ok)

            var bob = try await Community.signedIn(client, store, "bob")
            #expect(!String(buffer: try await bob.get("/settings").body).contains(mine.token), "nobody else sees Ada's digest")
            #expect(try await bob.get("/digest/preview").headers[.location] == "/subscribe")
            // Another address from an account still needs its owner's click.
            try await bob.get("/subscribe")
            #expect(try await bob.post("/subscribe", [("email", "someone@example.org")] + Self.fields).status == .created)
            #expect(try await Self.subscription(store, "someone@example.org").status == .pending)

            #expect(try await client.execute(uri: "/digest/preview", method: .get).headers[.location] == "/login?next=%2Fdigest%2Fpreview")
        }
    }

    @Test func feedPagesOfferTheDigest() async throws {
        try await withApp { _, client in
            let page = String(buffer: try await client.execute(uri: "/papers/month/2007-04?cat=math.*", method: .get).body)
            #expect(page.contains("href=\"/subscribe?cat=math.*\">Get trending papers in your inbox</a>"))
        }
    }

    @Test func generatedFormsNeverGive5xxAndStoreOnlyValidSubscriptions() async throws {
        try await withApp { store, client in
            var g = SeededGenerator(state: 16)
            let names = ["email", "frequency", "weekday", "hour", "timezone", "categories", "exclude", "queries", "authors", "collections", "top", "foryou"]
            var browser = TestBrowser(client)
            try await browser.get("/subscribe")
            for i in 0..<300 {
                var fields = [("email", "r\(i)@example.org")] + Self.fields
                for _ in 0..<Int.random(in: 1...3, using: &g) {
                    let name = names.randomElement(using: &g) ?? "top"
                    fields = fields.filter { $0.0 != name } + [(name, ValueGenerator.raw(&g))]
                }
                let response = try await browser.post("/subscribe", fields)
                #expect(response.status.code < 500, "\(i): \(fields) → \(response.status)")
                let token = String(repeating: "0", count: 48)
                let manage = try await browser.post("/subscriptions/\(token)", fields)
                #expect(manage.status == .notFound)
            }
            for s in try await store.subscriptions(statuses: []) {
                #expect(try s.filter.validated() == s.filter && s.schedule.validated() == s.schedule, "\(s.email) stored as checked")
            }
        }
    }
}
