import Foundation
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Search
import Testing
@testable import Web

/// "For you" over the real `SearchService` and `Recommender` on the bundled sample, with
/// vectors made by hand so what a good ranking is follows from geometry: each paper points
/// along the axis of its arXiv archive (astro-ph, math, ...), tilted a little by its id.
@Suite struct ForYouRouteTests {
    static let month = "/papers/month/2007-04"
    static let forYou = month + "?view=for-you"

    static func archive(_ paper: Paper) -> String {
        String((paper.categories.first ?? "").split(separator: ".").first ?? "")
    }
    static let archives = Array(Set(Fixture.samplePapers.map(archive))).sorted()
    static var april: [Paper] { Fixture.samplePapers.filter { $0.feedDay.map { $0 >= Day("2007-04-01")! } ?? false } }
    static func ids(of archive: String) -> [String] { april.filter { Self.archive($0) == archive }.map(\.id) }

    struct ArchiveEmbedder: TextEmbedder {
        let id = "archive-test-model"
        var dimension: Int { ForYouRouteTests.archives.count + 1 }
        func embed(_ texts: [String]) -> [[Float]] { texts.map { _ in [Float](repeating: 0, count: dimension - 1) + [1] } }
    }

    static func vector(_ paper: Paper) -> [Float] {
        var v = [Float](repeating: 0, count: archives.count + 1)
        v[archives.firstIndex(of: archive(paper)) ?? 0] = 1
        v[archives.count] = Float(paper.id.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 100) / 1000  // ties broken, topics kept
        return v
    }

    func app(_ store: any HubStore) async throws -> some ApplicationProtocol {
        let index = VectorIndex(dimension: Self.archives.count + 1)
        try index.add(Fixture.samplePapers.map { ($0.id, Self.vector($0)) })
        let service = SearchService(store: store, index: index, embedder: ArchiveEmbedder())
        return Application(router: try await Fixture.router(store: store, semantic: service))
    }

    /// A signed-in browser holding a page's CSRF token, ready to post.
    static func signIn(_ client: any TestClientProtocol, _ store: any HubStore, _ name: String) async throws -> TestBrowser {
        var browser = try await Community.signedIn(client, store, name)
        _ = try await browser.get("/for-you")
        return browser
    }

    /// The papers of a listing page, in order.
    static func cards(_ html: String) -> [String] {
        html.components(separatedBy: "<h2 class=\"title math\"><a href=\"/papers/").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    static func archivesOf(_ ids: [String]) -> [String] {
        ids.compactMap { id in Fixture.samplePapers.first { $0.id == id }.map(archive) }
    }

    @Test func theViewRanksTheMonthByWhatThePersonLikesAndFollowsTheirChanges() async throws {
        let store = try await Fixture.store()
        let astro = Self.ids(of: "astro-ph"), math = Self.ids(of: "math")
        try #require(astro.count >= 6 && math.count >= 6, "the sample has April papers of both archives")
        try await app(store).test(.router) { client in
            var ada = try await Self.signIn(client, store, "ada")
            for id in astro.prefix(2) { try await ada.post("/papers/\(id)/upvote", [("up", "1")]) }
            let page = try await ada.get(Self.forYou)
            #expect(page.status == .ok && page.headers[.cacheControl] == CachePolicy.privatePage)
            let ranked = Self.cards(page.text)
            let others = astro.count - 2
            #expect(Self.archivesOf(Array(ranked.prefix(others))) == Array(repeating: "astro-ph", count: others),
                    "every other astro-ph paper of the month comes before any other paper")
            #expect(!ranked.contains(astro[0]) && !ranked.contains(astro[1]), "papers already liked are not recommended")
            let liked = try #require(Fixture.samplePapers.first { $0.id == astro[0] })
            #expect(page.text.contains("Like <a href=\"/papers/") && page.text.contains("which you upvoted"))
            #expect(page.text.contains(Escape.html(liked.title)) || page.text.contains(Escape.html(Fixture.samplePapers.first { $0.id == astro[1] }!.title)))
            #expect(page.text.contains("aria-current=\"true\">For you</a>"))

            // Likes change, the ranking follows: math seeds picked, the astro-ph votes taken back.
            for id in astro.prefix(2) { try await ada.post("/papers/\(id)/upvote", [("up", "0")]) }
            for id in math.prefix(3) { try await ada.post("/papers/\(id)/interest", [("interested", "1")]) }
            let after = Self.cards(try await ada.get(Self.forYou).text)
            #expect(Self.archivesOf(Array(after.prefix(math.count - 3))) == Array(repeating: "math", count: math.count - 3))
            #expect(try await ada.get(Self.forYou).text.contains("which you picked"))
        }
    }

    @Test func notInterestedTakesAPaperOffAndUndoBringsItBack() async throws {
        let store = try await Fixture.store()
        let astro = Self.ids(of: "astro-ph")
        try await app(store).test(.router) { client in
            var ada = try await Self.signIn(client, store, "ada")
            try await ada.post("/papers/\(astro[0])/interest", [("interested", "1")])
            let top = try #require(Self.cards(try await ada.get(Self.forYou).text).first)
            let dismissed = try await ada.post("/papers/\(top)/interest", [("interested", "0")], headers: [.referer: "http://x\(Self.forYou)"])
            #expect(dismissed.status == .seeOther && dismissed.headers[.location] == Self.forYou)
            #expect(!Self.cards(try await ada.get(Self.forYou).text).contains(top))
            let setup = try await ada.get("/for-you")
            #expect(setup.text.contains("Not interested") && setup.text.contains("href=\"/papers/\(top)\""))
            let export = try Community.object(try await ada.get("/settings/export.json"))
            let interests = try #require(export["interests"] as? [String: Any])
            #expect(interests["notInterested"] as? [String] == [top] && interests["picked"] as? [String] == [astro[0]])
            try await ada.post("/papers/\(top)/interest", [("interested", "")])
            #expect(Self.cards(try await ada.get(Self.forYou).text).contains(top))

            #expect(try await ada.post("/papers/\(top)/interest", [("interested", "maybe")]).status == .badRequest)
            #expect(try await ada.post("/papers/2401.99999/interest", [("interested", "0")]).status == .notFound)
            #expect(try await ada.post("/papers/\(top)/interest", [("interested", "0")], csrf: "wrong").status == .forbidden)
        }
    }

    @Test func privateCollectionsTeachOnlyTheirOwnersRanking() async throws {
        let store = try await Fixture.store()
        let astro = Self.ids(of: "astro-ph")
        try await app(store).test(.router) { client in
            var ada = try await Self.signIn(client, store, "ada")
            var bob = try await Self.signIn(client, store, "bob")
            try await ada.post("/collections", [("name", "Secret stars")])
            for id in astro.prefix(2) { try await ada.post("/collections/save", [("paper", id), ("collection", "1")]) }
            let adas = try await ada.get(Self.forYou)
            #expect(Self.archivesOf(Array(Self.cards(adas.text).prefix(3))) == ["astro-ph", "astro-ph", "astro-ph"])
            #expect(adas.text.contains("in your collection Secret stars"))

            // Bob has told the hub nothing: no ranking, an invitation, and nothing of Ada's.
            let bobs = try await bob.get(Self.forYou)
            #expect(Self.cards(bobs.text).isEmpty && bobs.text.contains("Pick categories and a few papers you like"))
            #expect(!bobs.text.contains("Secret stars"))
            #expect(!(try await bob.get("/for-you")).text.contains("Secret stars"))
            // Anonymous visitors are sent to sign in, and their pages offer no such tab.
            var visitor = TestBrowser(client)
            let anonymous = try await visitor.get(Self.forYou)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location]?.hasPrefix("/login?next=") == true)
            #expect(!(try await visitor.get(Self.month)).text.contains(">For you</a>"))
            #expect((try await bob.get(Self.month)).text.contains("href=\"/papers/month/2007-04?view=for-you\">For you</a>"))
        }
    }

    @Test func categoriesAloneGiveATrendingListAtOnce() async throws {
        let store = try await Fixture.store()
        try await app(store).test(.router) { client in
            var ada = try await Self.signIn(client, store, "ada")
            let bad = try await ada.post("/for-you/categories", [("categories", "math, not a category!")])
            #expect(bad.status == .unprocessableContent && bad.text.contains("is not a category"))
            #expect(try await ada.post("/for-you/categories", [("categories", "math.*")]).status == .seeOther)
            let page = try await ada.get(Self.forYou)
            let ranked = Self.cards(page.text)
            let inMath = Self.april.filter { $0.categories.contains { $0.hasPrefix("math.") } }
            #expect(ranked.count == min(inMath.count, Fixture.config.pageSize))
            let papers = Fixture.samplePapers.filter { ranked.contains($0.id) }
            #expect(papers.count == ranked.count && papers.allSatisfy { $0.categories.contains { $0.hasPrefix("math.") } })
            #expect(page.text.contains("Trending in your categories"))

            // Seeds found by search on the For you page.
            let search = try await ada.get("/for-you?q=galaxy")
            #expect(search.status == .ok && search.text.contains("More like this"))
            #expect(try await ada.get("/for-you?q=" + String(repeating: "x", count: 600)).status == .badRequest)
        }
    }

    @Test func aCollectionShowsMoreLikeItselfWithReasons() async throws {
        let store = try await Fixture.store()
        let math = Self.ids(of: "math")
        try await app(store).test(.router) { client in
            var bob = try await Self.signIn(client, store, "bob")
            try await bob.post("/collections", [("name", "Probability"), ("public", "1")])
            for id in math.prefix(3) { try await bob.post("/collections/save", [("paper", id), ("collection", "1")]) }
            var visitor = TestBrowser(client)
            let page = try await visitor.get("/collections/1")
            #expect(page.text.contains("More like this collection"))
            let similar = Self.cards(page.text).dropFirst(3)
            #expect(similar.count == CollectionController.similarShown)
            #expect(Self.archivesOf(Array(similar.prefix(5))) == Array(repeating: "math", count: 5))
            #expect(page.text.contains("in this collection"))
        }
    }
}
