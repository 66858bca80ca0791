import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// Collections through their pages, forms, feeds and BibTeX, on the bundled sample.
@Suite struct CollectionRouteTests {
    static let paper = "0704.0009", other = "0704.0001"

    /// The id in a `/collections/12` redirect.
    static func id(_ response: TestResponse) throws -> Int64 {
        try #require(response.headers[.location].flatMap { Int64($0.replacingOccurrences(of: "/collections/", with: "")) })
    }

    @Test func anOwnerCollectsOrdersAnnotatesAndPublishes() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            // "Save" without a collection makes the private reading list.
            try await ada.get("/papers/\(Self.paper)")
            let saved = try await ada.post("/collections/save", [("paper", Self.paper)], headers: [.referer: "https://hub.example/papers/date/2007-04-02"])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/papers/date/2007-04-02")
            let adaID = try #require(try await store.user(username: "ada")).id
            let reading = try #require(try await store.collections(ownerID: adaID).first)
            #expect(reading.name == "Reading list" && !reading.isPublic && reading.paperCount == 1)
            let page = try await ada.get("/papers/\(Self.paper)")
            #expect(page.text.contains("in Reading list"))

            try await ada.get("/collections")
            let made = try await ada.post("/collections", [("name", "Graph theory"), ("description", "For the reading group"), ("public", "1")])
            let id = try Self.id(made)
            try await ada.get("/collections/\(id)")
            for paper in [Self.paper, Self.other] {
                #expect(try await ada.post("/collections/save", [("paper", paper), ("collection", String(id))]).status == .seeOther)
            }
            try await ada.post("/collections/\(id)/papers/move", [("paper", Self.other), ("position", "0")])
            try await ada.post("/collections/\(id)/papers/note", [("paper", Self.other), ("note", "Start with <this> one")])
            let shown = try await client.execute(uri: "/collections/\(id)", method: .get)
            #expect(shown.status == .ok && shown.headers[.cacheControl] == "private, no-cache")
            let text = shown.text
            let first = try #require(text.range(of: "/papers/\(Self.other)\""))
            let second = try #require(text.range(of: "/papers/\(Self.paper)\""))
            #expect(first.lowerBound < second.lowerBound, "moved to the top")
            #expect(text.contains("Start with &lt;this&gt; one"))
            #expect(!text.contains("Save note"), "visitors get no owner tools")

            let rss = try await client.execute(uri: "/collections/\(id).rss", method: .get)
            #expect(rss.status == .ok && rss.headers[.contentType]?.hasPrefix("application/rss+xml") == true)
            #expect(rss.text.contains("Graph theory") && rss.text.contains("/papers/\(Self.other)</guid>"))
            let json = try await client.execute(uri: "/collections/\(id).json", method: .get)
            #expect(try Community.object(json)["items"] is [Any])
            let bib = try await client.execute(uri: "/collections/\(id).bib", method: .get)
            #expect(bib.text.components(separatedBy: "@misc{").count == 3)
            #expect(bib.text.contains("eprint = {\(Self.other)}") && bib.text.contains("archivePrefix = {arXiv}"))
            #expect(try await client.execute(uri: "/collections/\(id).pdf", method: .get).status == .notFound)

            try await ada.post("/collections/\(id)/papers/remove", [("paper", Self.paper)])
            #expect(try await store.items(collection: id).map(\.paper.id) == [Self.other])
            #expect(try await ada.post("/collections/\(id)/delete", []).headers[.location] == "/collections")
            #expect(try await client.execute(uri: "/collections/\(id)", method: .get).status == .notFound)
        }
    }

    /// A private collection is invisible to everyone but its owner, on every route that could
    /// show it, and nobody else can change it.
    @Test func aPrivateCollectionLeaksNowhere() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/collections")
            let id = try Self.id(try await ada.post("/collections", [("name", "Zanzibar secret plans")]))
            try await ada.post("/collections/save", [("paper", Self.paper), ("collection", String(id))])
            try await ada.post("/collections/\(id)/papers/note", [("paper", Self.paper), ("note", "Quokka note")])
            #expect(try await ada.get("/collections/\(id)").text.contains("Quokka note"))
            #expect(try await ada.get("/u/ada").text.contains("Zanzibar secret plans"), "the owner sees it on their profile")

            var bob = try await Community.signedIn(client, store, "bob")
            let routes = ["/collections/\(id)", "/collections/\(id).rss", "/collections/\(id).atom", "/collections/\(id).json",
                          "/collections/\(id).bib", "/u/ada", "/papers/\(Self.paper)", "/collections", "/search?q=secret+plans",
                          "/api/papers/\(Self.paper)", "/papers/date/2007-04-02", "/feeds/daily.rss?date=2007-04-02"]
            for route in routes {
                for (who, response) in [("bob", try await bob.get(route)), ("anonymous", try await client.execute(uri: route, method: .get))] {
                    #expect(!response.text.contains("Zanzibar") && !response.text.contains("Quokka"), "\(who) \(route)")
                    if route.hasPrefix("/collections/\(id)") { #expect(response.status == .notFound, "\(who) \(route)") }
                }
            }
            // Bob cannot change it, and is told no more than that it does not exist.
            try await bob.get("/collections")
            for (path, fields) in [("/collections/\(id)/papers/remove", [("paper", Self.paper)]),
                                   ("/collections/\(id)/settings", [("name", "Mine now"), ("public", "1")]),
                                   ("/collections/\(id)/delete", []), ("/collections/save", [("paper", Self.other), ("collection", String(id))])] {
                #expect(try await bob.post(path, fields).status == .notFound, "\(path)")
            }
            #expect(try await store.collection(id: id)?.name == "Zanzibar secret plans")
            #expect(try await store.items(collection: id).map(\.paper.id) == [Self.paper])
        }
    }

    @Test func badFormsAreExplained() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/collections")
            #expect(try await ada.post("/collections", [("name", "")]).status == .unprocessableContent)
            let id = try Self.id(try await ada.post("/collections", [("name", "Ideas")]))
            let twice = try await ada.post("/collections", [("name", "ideas")])
            #expect(twice.status == .conflict && twice.text.contains("already have a collection called ideas"))
            let long = try await ada.post("/collections/\(id)/papers/note", [("paper", Self.paper), ("note", String(repeating: "x", count: 2001))])
            #expect(long.status == .unprocessableContent && long.text.contains("at most 2000"))
            let noPaper = try await ada.post("/collections/\(id)/papers/move", [("paper", "2401.99999"), ("position", "0")])
            #expect(noPaper.status == .conflict && noPaper.text.contains("no paper 2401.99999"))
            #expect(try await ada.post("/collections/save", [("paper", "junk")]).status == .unprocessableContent)
            #expect(try await client.execute(uri: "/collections/99999999999999999999", method: .get).status == .notFound)
            #expect(try await client.execute(uri: "/collections", method: .get).headers[.location] == "/login?next=%2Fcollections")
        }
    }

    @Test func aSinglePaperHasBibTeX() async throws {
        try await Application(router: try await Fixture.router()).test(.router) { client in
            let bib = try await client.execute(uri: "/papers/0704.0002.bib", method: .get)
            #expect(bib.status == .ok && bib.headers[.contentType] == "application/x-bibtex; charset=utf-8")
            #expect(bib.text.hasPrefix("@misc{streinu2007sparsity,\n"))
            #expect(bib.text.contains("author = {Ileana Streinu and Louis Theran}"))
            #expect(bib.text.contains("primaryClass = {math.CO}"))
        }
    }
}

/// The data export holds what the person did: votes, submissions, comments, collections.
@Suite struct CommunityExportTests {
    @Test func theExportHoldsTheCommunityData() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/papers/0704.0002")
            try await ada.post("/papers/0704.0002/upvote", [("up", "1")])
            try await ada.post("/papers/0704.0002/comments", [("text", "Nice *bound*")])
            try await ada.post("/collections/save", [("paper", "0704.0002")])
            try await ada.get("/submit")
            try await ada.post("/submit", [("paper", "0704.0001")])
            let export = try Community.object(try await ada.get("/settings/export.json"))
            #expect(export["upvoted"] as? [String] == ["0704.0002"])
            #expect(export["submitted"] as? [String] == ["0704.0001"])
            #expect((export["comments"] as? [[String: Any]])?.first?["text"] as? String == "Nice *bound*")
            let collection = try #require((export["collections"] as? [[String: Any]])?.first)
            #expect(collection["name"] as? String == "Reading list")
            #expect((collection["papers"] as? [[String: Any]])?.first?["id"] as? String == "0704.0002")
        }
    }
}
