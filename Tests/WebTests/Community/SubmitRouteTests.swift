import Foundation
import HTTPTypes
import Harvest
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Synchronization
import Testing
@testable import Web

/// `/submit` and the community view, with arXiv answered from recorded export-API responses.
@Suite struct SubmitRouteTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("HarvestTests/Fixtures")

    /// arXiv's export API as recorded: 1605.08386 exists; asked for 0808.05394, it answers
    /// with a page that lacks it (the recording of a two-id request).
    struct RecordedArxiv: HTTPTransport {
        let requests = Requests()
        final class Requests: Sendable {
            private let urls = Mutex<[URL]>([])
            func add(_ url: URL) { urls.withLock { $0.append(url) } }
            var all: [URL] { urls.withLock { $0 } }
        }

        func send(_ request: Harvest.HTTPRequest) async throws -> Harvest.HTTPResponse {
            requests.add(request.url)
            let ids = URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == "id_list" }?.value
            let file = ids == "1605.08386" ? "api-id-1605.08386.xml" : "api-id-0808.05394-1707.08567.xml"
            return Harvest.HTTPResponse(status: 200, headers: ["Content-Type": "application/atom+xml"],
                                        body: try Data(contentsOf: SubmitRouteTests.fixtures.appendingPathComponent(file)))
        }
    }

    static func fetcher(_ store: any HubStore, _ transport: RecordedArxiv) -> APIFetcher {
        let client = ArxivClient(transport: transport, limiter: RateLimiter(minInterval: 0), clock: SystemClock(), userAgent: "paperboy-test")
        return APIFetcher(client: client, store: store, baseURL: URL(string: "https://export.arxiv.example/api/query")!)
    }

    static var today: String { Day(Date()).description }

    @Test func submittingAKnownPaperPutsItOnTodaysCommunityList() async throws {
        let store = try await Fixture.store()
        let config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
        try await Application(router: try await Fixture.router(store: store, config: config)).test(.router) { client in
            #expect(try await client.execute(uri: "/submit", method: .get).headers[.location] == "/login?next=%2Fsubmit")
            var ada = try await Community.signedIn(client, store, "ada")
            let form = try await ada.get("/submit")
            #expect(form.status == .ok && form.text.contains("name=\"paper\""))
            let submitted = try await ada.post("/submit", [("paper", "https://arxiv.org/abs/0704.0002v1")])
            #expect(submitted.status == .seeOther && submitted.headers[.location] == "/papers/0704.0002")
            let page = try await ada.get("/papers/0704.0002")
            #expect(page.text.contains("Submitted to the community list by <a href=\"/u/ada\">ada</a>"))

            // Today's community view has it; the "all new" view of today has no papers.
            let community = try await client.execute(uri: "/papers/date/\(Self.today)?view=community", method: .get)
            #expect(community.text.contains("/papers/0704.0002\""))
            #expect(community.text.contains("1 paper submitted or upvoted"))
            #expect(try await client.execute(uri: "/papers/date/\(Self.today)", method: .get).text.contains("No papers here"))

            // A second submitter does not replace the first.
            var bob = try await Community.signedIn(client, store, "bob")
            try await bob.get("/submit")
            #expect(try await bob.post("/submit", [("paper", "0704.0002")]).status == .seeOther)
            let api = try Community.object(try await client.execute(uri: "/api/papers/0704.0002", method: .get))
            #expect((api["submittedOnDailyBy"] as? [String: Any])?["name"] as? String == "ada")
            #expect(api["submittedOnDailyAt"] is String)
        }
    }

    @Test func anUnknownPaperIsFetchedFromArxivFirst() async throws {
        let store = try await Fixture.store()
        let arxiv = RecordedArxiv()
        try await Application(router: try await Fixture.router(store: store, arxiv: Self.fetcher(store, arxiv))).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/submit")
            #expect(try await store.paper(id: "1605.08386") == nil)
            let submitted = try await ada.post("/submit", [("paper", "arXiv:1605.08386")])
            #expect(submitted.status == .seeOther && submitted.headers[.location] == "/papers/1605.08386")
            #expect(try await store.paper(id: "1605.08386")?.title == "Heat-bath random walks with Markov bases")
            #expect(arxiv.requests.all.count == 1)
            #expect(try await store.activity(paperIDs: ["1605.08386"])["1605.08386"]?.submission?.username == "ada")

            let missing = try await ada.post("/submit", [("paper", "0808.05394")])
            #expect(missing.status == .unprocessableContent && missing.text.contains("arXiv has no paper 0808.05394"))
            #expect(try await store.activity(paperIDs: ["0808.05394"]).isEmpty)
        }
    }

    @Test func badInputAndLimitsAreExplained() async throws {
        let store = try await Fixture.store()
        var config = WebConfig(publicURL: "https://hub.example", bcryptCost: 4)
        config.submissionsPerDay = 2
        try await Application(router: try await Fixture.router(store: store, config: config)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/submit")
            let empty = try await ada.post("/submit", [("paper", " ")])
            #expect(empty.status == .unprocessableContent && empty.text.contains("Enter an arXiv id"))
            let junk = try await ada.post("/submit", [("paper", "<script>x</script>")])
            #expect(junk.status == .unprocessableContent && junk.text.contains("is not an arXiv id"))
            #expect(!junk.text.contains("<script>x"), "what was typed is shown escaped")
            let offline = try await ada.post("/submit", [("paper", "1605.08386")])
            #expect(offline.status == .unprocessableContent && offline.text.contains("does not fetch papers from arXiv"))

            #expect(try await ada.post("/submit", [("paper", "0704.0001")]).status == .seeOther)
            #expect(try await ada.post("/submit", [("paper", "0704.0002")]).status == .seeOther)
            let third = try await ada.post("/submit", [("paper", "0704.0003")])
            #expect(third.status == .tooManyRequests && third.text.contains("2 papers today"))
            #expect(try await store.activity(paperIDs: ["0704.0003"]).isEmpty)
        }
    }

    @Test func moderatorsTakeSubmissionsOffTheList() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/submit")
            try await ada.post("/submit", [("paper", "0704.0002")])
            try await ada.get("/papers/0704.0002")
            #expect(!(try await ada.get("/papers/0704.0002").text.contains("Remove from the community list")))
            #expect(try await ada.post("/papers/0704.0002/submission/remove", []).status == .forbidden)

            var mod = try await Community.signedIn(client, store, "mod", role: .moderator)
            let page = try await mod.get("/papers/0704.0002")
            #expect(page.text.contains("Remove from the community list"))
            let removed = try await mod.post("/papers/0704.0002/submission/remove", [])
            #expect(removed.status == .seeOther && removed.headers[.location] == "/papers/0704.0002")
            #expect(try await store.activity(paperIDs: ["0704.0002"]).isEmpty)
        }
    }

    /// A hub that runs for a reading group shows the community's picks first.
    @Test func theDefaultViewIsConfigurable() async throws {
        let store = try await Fixture.store()
        var config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
        config.defaultView = .community
        _ = try await AccountFlowTests.addUser(store, "ada")
        _ = try await store.setVote(userID: try #require(try await store.user(username: "ada")).id, paperID: "0704.0002", up: true,
                                    now: try #require(Day("2007-04-02")).date.addingTimeInterval(3600))
        try await Application(router: try await Fixture.router(store: store, config: config)).test(.router) { client in
            let page = try await client.execute(uri: "/papers/date/2007-04-02", method: .get)
            #expect(page.text.contains("1 paper submitted or upvoted"))
            #expect(page.text.contains("href=\"/papers/date/2007-04-02?view=all\""))
            let all = try await client.execute(uri: "/papers/date/2007-04-02?view=all", method: .get)
            #expect(!all.text.contains("submitted or upvoted"))
            let bad = try await client.execute(uri: "/papers/date/2007-04-02?view=mine", method: .get)
            #expect(bad.status == .badRequest && bad.text.contains("must be one of all, community"))
        }
    }
}

/// The "about ranking" page states the formula the store ranks with.
@Suite struct AboutRankingTests {
    @Test func thePageShowsTheFormulaInUse() async throws {
        try await Application(router: try await Fixture.router()).test(.router) { client in
            let page = try await client.execute(uri: "/about/ranking", method: .get)
            #expect(page.status == .ok)
            #expect(page.text.contains("(\\text{hours} + 2)^{ \(String(format: "%.1f", Trending.gravity)) }"))
            #expect(page.text.contains("shows <em>All new</em> first"))
            #expect(try await client.execute(uri: "/papers/date/2007-04-02", method: .get).text.contains("href=\"/about/ranking\""))
        }
    }
}
