import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// Upvotes through the vote button's form and the JSON API, on the bundled sample.
@Suite struct VoteRouteTests {
    static let day = "/papers/date/2007-04-02"
    /// A paper on the first page of that day, with no imported upvotes.
    static let paper = "0704.0009"

    @Test func theButtonVotesAndTakesTheVoteBackWithoutJavaScript() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            let before = try await ada.get(Self.day)
            #expect(Community.button(Self.paper, in: before.text)?.count == 0)
            #expect(Community.button(Self.paper, in: before.text)?.pressed == false)

            // The form sends the state it wants and comes back to the page it was on.
            let voted = try await ada.post("/papers/\(Self.paper)/upvote", [("up", "1")], headers: [.referer: "https://hub.example\(Self.day)?sort=newest"])
            #expect(voted.status == .seeOther && voted.headers[.location] == "\(Self.day)?sort=newest")
            let after = try await ada.get(Self.day)
            #expect(Community.button(Self.paper, in: after.text)?.count == 1)
            #expect(Community.button(Self.paper, in: after.text)?.pressed == true)
            // Sent twice (a double click), still one vote.
            try await ada.post("/papers/\(Self.paper)/upvote", [("up", "1")])
            #expect(try await store.activity(paperIDs: [Self.paper])[Self.paper]?.localVotes == 1)

            // What app.js does: the same form, answered with JSON.
            let json = try await ada.post("/papers/\(Self.paper)/upvote", [("up", "0")], headers: [.accept: "application/json"])
            #expect(json.status == .ok && json.headers[.cacheControl] == "no-store")
            #expect(try Community.object(json)["upvotes"] as? Int == 0)
            #expect(try Community.object(json)["upvoted"] as? Bool == false)
            let page = try await ada.get("/papers/\(Self.paper)")
            #expect(Community.button(Self.paper, in: page.text)?.pressed == false)
        }
    }

    @Test func votesNeedASignedInPersonAndAToken() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            // An anonymous page links to sign-in instead of showing a form.
            var visitor = TestBrowser(client)
            let page = try await visitor.get(Self.day)
            #expect(page.text.contains("href=\"/login?next=/papers/\(Self.paper)\""))
            #expect(Community.button(Self.paper, in: page.text) == nil)
            let anonymous = try await visitor.post("/papers/\(Self.paper)/upvote", [("up", "1")], csrf: "")
            #expect(anonymous.status == .forbidden, "no CSRF token, no vote")
            #expect(try await client.execute(uri: "/api/papers/\(Self.paper)/upvote", method: .post).status == .unauthorized)

            // A session without the page's CSRF token cannot vote.
            var ada = try await Community.signedIn(client, store, "ada")
            #expect(try await ada.post("/papers/\(Self.paper)/upvote", [("up", "1")], csrf: "wrong").status == .forbidden)
            #expect(try await store.activity(paperIDs: [Self.paper]).isEmpty)
        }
    }

    @Test func theAPIVotesWithATokenAndNamesWhatIsWrong() async throws {
        let store = try await Fixture.store()
        _ = try await AccountFlowTests.addUser(store, "bob")
        let bob = try await Community.bearer(store, "bob")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            let up = try await client.execute(uri: "/api/papers/\(Self.paper)/upvote", method: .post, headers: bob)
            #expect(up.status == .ok)
            #expect(try Community.object(up)["upvotes"] as? Int == 1 && Community.object(up)["upvoted"] as? Bool == true)
            let again = try await client.execute(uri: "/api/papers/\(Self.paper)v2/upvote", method: .post, headers: bob)
            #expect(try Community.object(again)["upvotes"] as? Int == 1, "a version suffix names the same paper; one vote")
            let down = try await client.execute(uri: "/api/papers/\(Self.paper)/upvote", method: .delete, headers: bob)
            #expect(try Community.object(down)["upvotes"] as? Int == 0 && Community.object(down)["upvoted"] as? Bool == false)

            let unknown = try await client.execute(uri: "/api/papers/2401.99999/upvote", method: .post, headers: bob)
            #expect(unknown.status == .notFound && unknown.text.contains("no paper 2401.99999"))
            let bad = try await client.execute(uri: "/api/papers/not-an-id/upvote", method: .post, headers: bob)
            #expect(bad.status == .badRequest && bad.text.contains("not an arXiv id"))
            let get = try await client.execute(uri: "/api/papers/\(Self.paper)/upvote", method: .get, headers: bob)
            #expect(get.status == .methodNotAllowed && get.headers[.allow] == "POST, DELETE")
        }
    }

    /// Votes lift a paper in the trending order and show in the API's `upvotes`; imported
    /// (Hugging Face) upvotes and local ones add up.
    @Test func votesRankTrendingAndShowInTheAPI() async throws {
        let store = try await Fixture.store()
        let config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
        var tokens: [HTTPFields] = []
        for name in ["u1", "u2", "u3"] {
            _ = try await AccountFlowTests.addUser(store, name)
            tokens.append(try await Community.bearer(store, name))
        }
        let voters = tokens
        try await Application(router: try await Fixture.router(store: store, config: config)).test(.router) { client in
            let listed = try await client.execute(uri: "/api/daily_papers?date=2007-04-02&limit=100", method: .get)
            let papers = try #require(try JSONSerialization.jsonObject(with: Data(buffer: listed.body)) as? [[String: Any]])
            let last = try #require((papers.last?["paper"] as? [String: Any])?["id"] as? String)
            for voter in voters { _ = try await client.execute(uri: "/api/papers/\(last)/upvote", method: .post, headers: voter) }

            let now = try await client.execute(uri: "/api/daily_papers?date=2007-04-02&limit=3&sort=trending", method: .get)
            let top = try #require(try JSONSerialization.jsonObject(with: Data(buffer: now.body)) as? [[String: Any]])
            #expect((top.first?["paper"] as? [String: Any])?["id"] as? String == last)
            #expect((top.first?["paper"] as? [String: Any])?["upvotes"] as? Int == 3)
            let one = try await client.execute(uri: "/api/papers/\(last)", method: .get)
            #expect(try Community.object(one)["upvotes"] as? Int == 3)
        }
    }

    /// One person's votes show as pressed on their pages only: not to another person, not
    /// on the page anonymous visitors share.
    @Test func whoVotedForWhatStaysPrivate() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            var bob = try await Community.signedIn(client, store, "bob")
            try await ada.get(Self.day)
            try await ada.post("/papers/\(Self.paper)/upvote", [("up", "1")])
            // Votes are cast today, so today's community view lists the paper.
            for path in [Self.day, "/papers/\(Self.paper)", "/papers/date/\(Day(Date()))?view=community"] {
                #expect(Community.button(Self.paper, in: try await ada.get(path).text)?.pressed == true, "\(path)")
                let bobs = try await bob.get(path)
                #expect(Community.button(Self.paper, in: bobs.text)?.pressed == false, "\(path)")
                #expect(Community.button(Self.paper, in: bobs.text)?.count == 1, "\(path)")
                let anonymous = try await client.execute(uri: path, method: .get)
                #expect(!anonymous.text.contains("aria-pressed=\"true\""), "\(path)")
                #expect(!anonymous.text.contains("/u/ada"), "\(path)")
            }
        }
    }

    @Test func votingFastIsThrottled() async throws {
        let store = try await Fixture.store()
        _ = try await AccountFlowTests.addUser(store, "bot")
        let bot = try await Community.bearer(store, "bot")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            for i in 0..<Fixture.config.votesPerMinute {
                let r = try await client.execute(uri: "/api/papers/\(Self.paper)/upvote", method: i % 2 == 0 ? .post : .delete, headers: bot)
                #expect(r.status == .ok)
            }
            let over = try await client.execute(uri: "/api/papers/\(Self.paper)/upvote", method: .post, headers: bot)
            #expect(over.status == .tooManyRequests && over.headers[.retryAfter] != nil)
        }
    }
}
