import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// Code links on cards, paper pages, Markdown and the API; their correction; `?code=1`. On the
/// fixture store plus 17 real 2025 papers whose abstracts and comments link code.
@Suite struct LinksRouteTests {
    static let config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
    /// Project page and repository, both in `\url{…}` in the comments.
    static let zeco = "2503.18246"
    /// A GitHub repository and a Hugging Face Space.
    static let triplane = "2503.21694"
    /// No code (a line wrap cut its URL after the owner).
    static let cut = "2503.21854"
    static let march = "/papers/month/2025-03"
    /// The real papers of March 2025 that link a repository.
    static let marchWithCode = Set(Fixture.codeLinkPapers.filter { $0.feedDay?.month == 3 && CodeLinks($0).hasCode }.map(\.id))

    static func store() async throws -> any HubStore {
        let store = try await Fixture.store()
        try await store.upsert(Fixture.codeLinkPapers + [Paper(id: "hep-th/9901001", title: "Old style", abstract: "Strings.",
                                                               categories: ["hep-th"], published: Fixture.date("1999-01-04"))])
        return store
    }

    /// The new-style ids a page, feed or API answer links to (`/papers/ID`).
    static func ids(_ response: TestResponse) -> Set<String> {
        Set(response.text.matches(of: #/\/papers\/(\d{4}\.\d{4,5})/#).map { String($0.output.1) })
    }

    @Test func cardsPagesMarkdownAndAPIShowTheLinks() async throws {
        let store = try await Self.store()
        try await Application(router: try await Fixture.router(store: store, config: Self.config)).test(.router) { client in
            let page = try await client.execute(uri: "/papers/\(Self.zeco)", method: .get)
            #expect(page.text.contains("<a class=\"button\" href=\"https://github.com/Brack-Wang/ZECO\">GitHub</a>"))
            #expect(page.text.contains("<a class=\"button\" href=\"https://brack-wang.github.io/ZECO_web/\">Project page</a>"))
            #expect(!page.text.contains("Correct the code and project links"), "anonymous visitors get no form")

            let month = try await client.execute(uri: Self.march, method: .get)
            #expect(month.text.contains("<a class=\"ext\" href=\"https://github.com/theEricMa/TriplaneTurbo\">GitHub</a>"))
            #expect(month.text.contains("<a class=\"ext\" href=\"https://huggingface.co/spaces/ZhiyuanthePony/TriplaneTurbo\">Hugging Face</a>"))

            let markdown = try await client.execute(uri: "/papers/\(Self.triplane).md", method: .get)
            #expect(markdown.text.contains("- **GitHub:** https://github.com/theEricMa/TriplaneTurbo\n"))
            #expect(markdown.text.contains("- **Hugging Face:** https://huggingface.co/spaces/ZhiyuanthePony/TriplaneTurbo\n"))

            let api = try Community.object(try await client.execute(uri: "/api/papers/\(Self.zeco)", method: .get))
            #expect(api["githubRepo"] as? String == "https://github.com/Brack-Wang/ZECO")
            #expect(api["projectPage"] as? String == "https://brack-wang.github.io/ZECO_web/")
            let daily = try await client.execute(uri: "/api/daily_papers?date=2025-03-28", method: .get)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(buffer: daily.body)) as? [[String: Any]])
            let paper = try #require(items.compactMap { $0["paper"] as? [String: Any] }.first { $0["id"] as? String == Self.triplane })
            #expect(paper["githubRepo"] as? String == "https://github.com/theEricMa/TriplaneTurbo")
            #expect(paper["huggingFaceRepo"] as? String == "https://huggingface.co/spaces/ZhiyuanthePony/TriplaneTurbo")
            #expect(paper["projectPage"] == nil && paper["gitlabRepo"] == nil)
        }
    }

    /// Only the submitter and moderators may correct; anonymous visitors are sent to sign in.
    @Test func whoMayCorrectTheLinks() async throws {
        let store = try await Self.store()
        try await Application(router: try await Fixture.router(store: store, config: Self.config)).test(.router) { client in
            let action = "/papers/\(Self.zeco)/links"
            let fields = [("repository", ""), ("projectPage", "https://zeco.example.org/")]
            var visitor = TestBrowser(client)
            try await visitor.get("/login")
            let anonymous = try await visitor.post(action, fields)
            #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login?next=%2Fpapers%2F\(Self.zeco)")

            var ada = try await Community.signedIn(client, store, "ada")
            var bob = try await Community.signedIn(client, store, "bob")
            _ = try await store.submit(paperID: Self.zeco, userID: try #require(try await store.user(username: "ada")).id, now: Date())
            let bobsPage = try await bob.get("/papers/\(Self.zeco)")
            #expect(!bobsPage.text.contains("action=\"\(action)\""))
            #expect(try await bob.post(action, fields).status == .forbidden)
            #expect(try await ada.post(action, fields, csrf: "wrong").status == .forbidden, "no CSRF token, no correction")
            #expect(try await store.linkCorrection(paperID: Self.zeco) == nil)

            // The submitter sees the form filled with what the paper shows, and clears the repository.
            let form = try await ada.get("/papers/\(Self.zeco)")
            #expect(form.text.contains("action=\"\(action)\""))
            #expect(form.text.contains("name=\"repository\" value=\"https://github.com/Brack-Wang/ZECO\""))
            let saved = try await ada.post(action, fields)
            #expect(saved.status == .seeOther && saved.headers[.location] == "/papers/\(Self.zeco)")
            let after = try await ada.get("/papers/\(Self.zeco)")
            #expect(!after.text.contains("https://github.com/Brack-Wang/ZECO\">GitHub"))
            #expect(after.text.contains("href=\"https://zeco.example.org/\">Project page</a>"))
            #expect(after.text.contains("Last corrected by ada on"))
            let api = try Community.object(try await client.execute(uri: "/api/papers/\(Self.zeco)", method: .get))
            #expect(api["githubRepo"] == nil && api["projectPage"] as? String == "https://zeco.example.org/")
            // The correction is in the person's data export.
            let export = try Community.object(try await ada.get("/settings/export.json"))
            let exported = try #require((export["linkCorrections"] as? [[String: Any]])?.first)
            #expect(exported["paper"] as? String == Self.zeco && exported["projectPage"] as? String == "https://zeco.example.org/")
            #expect(exported["repository"] == nil)

            // A moderator may correct any paper, old-style ids too.
            var mod = try await Community.signedIn(client, store, "mod", role: .moderator)
            try await mod.get("/papers/hep-th/9901001")
            let old = try await mod.post("/papers/hep-th/9901001/links", [("repository", "https://gitlab.com/strings/theory/-/tree/main"), ("projectPage", "")])
            #expect(old.status == .seeOther && old.headers[.location] == "/papers/hep-th/9901001")
            #expect(try await store.links(paperIDs: ["hep-th/9901001"])["hep-th/9901001"] == CodeLinks(gitlab: "https://gitlab.com/strings/theory"))
            #expect(try await mod.get("/papers/hep-th/9901001").text.contains("href=\"https://gitlab.com/strings/theory\">GitLab</a>"))
            #expect(try await mod.post("/papers/2401.99999/links", fields).status == .notFound)
        }
    }

    /// What is not a repository or a web address is refused with 422, saying what was expected.
    @Test func badLinksAreRefusedClearly() async throws {
        let store = try await Self.store()
        try await Application(router: try await Fixture.router(store: store, config: Self.config)).test(.router) { client in
            var mod = try await Community.signedIn(client, store, "mod", role: .moderator)
            try await mod.get("/papers/\(Self.zeco)")
            let cases: [(repository: String, page: String, message: String)] = [
                ("https://example.org/owner/repo", "", "The repository must be a GitHub or GitLab repository"),
                ("https://github.com/owner", "", "The repository must be a GitHub or GitLab repository"),
                ("javascript:alert(1)//github.com/a/b", "", "The repository must be a GitHub or GitLab repository"),
                ("", "javascript:alert(1)", "The project page must be a web address starting with"),
                ("", "zeco.example.org", "The project page must be a web address starting with"),
                ("", "https://zeco.example.org/\"><script>", "The project page must be a web address starting with"),
                ("", "https://x.example.org/" + String(repeating: "a", count: 500), "The project page is longer than 500 characters"),
            ]
            for (repository, page, message) in cases {
                let refused = try await mod.post("/papers/\(Self.zeco)/links", [("repository", repository), ("projectPage", page)])
                #expect(refused.status == .unprocessableContent, "\(repository) \(page)")
                #expect(refused.text.contains(message), "\(repository) \(page)")
            }
            #expect(try await store.linkCorrection(paperID: Self.zeco) == nil)
        }
    }

    /// `?code=1` on pages, feeds and the API keeps exactly the papers with a repository, and
    /// follows corrections; `?code=2` is a 400 that says why.
    @Test func theCodeFilterOnPagesFeedsAndAPI() async throws {
        let store = try await Self.store()
        try await Application(router: try await Fixture.router(store: store, config: Self.config)).test(.router) { client in
            let all = Self.ids(try await client.execute(uri: Self.march, method: .get))
            #expect(all.contains(Self.cut) && Self.marchWithCode.count == 11)
            let views = [Self.march, "/feeds/daily.json?month=2025-03", "/feeds/daily.rss?month=2025-03",
                         "/api/daily_papers?month=2025-03&limit=100", "/search?q=cat%3Acs.%2A", "/search.atom?q=cat%3Acs.%2A",
                         "/api/papers/search?q=cat%3Acs.%2A&limit=100"]
            for view in views {
                let join = view.contains("?") ? "&" : "?"
                let filtered = try await client.execute(uri: view + join + "code=1", method: .get)
                #expect(filtered.status == .ok, "\(view)")
                let march = Self.ids(filtered).filter { $0.hasPrefix("2503.") }
                #expect(march == Self.marchWithCode.filter { $0.hasPrefix("2503.") }, "\(view)")
                let refused = try await client.execute(uri: view + join + "code=2", method: .get)
                #expect(refused.status == .badRequest && refused.text.contains("must be 1 (only papers with code) or 0"), "\(view)")
            }
            // Links keep the filter; the form shows it ticked.
            let page = try await client.execute(uri: Self.march + "?code=1", method: .get)
            #expect(page.text.contains("name=\"code\" value=\"1\" checked"))
            #expect(page.text.contains("sort=newest&amp;code=1") || page.text.contains("code=1&amp;sort=newest"))

            // A moderator clears a repository: the paper leaves `code=1`.
            try await store.correctLinks(paperID: Self.triplane, repository: nil, projectPage: nil,
                                         userID: try await AccountFlowTests.addUser(store, "mod", role: .moderator).id, now: Date())
            let corrected = Self.ids(try await client.execute(uri: "/api/daily_papers?month=2025-03&limit=100&code=1", method: .get))
            #expect(corrected == Self.marchWithCode.subtracting([Self.triplane]))
        }
    }
}
