import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// Comments on the paper page and through the API, notices, and moderation, on the sample.
@Suite struct DiscussionRouteTests {
    static let paper = "0704.0002"
    static var page: String { "/papers/\(paper)" }

    /// The rendered bodies of the comments in a page.
    static func bodies(_ html: String) -> [String] {
        html.components(separatedBy: "<div class=\"comment-body math\">").dropFirst().map { $0.components(separatedBy: "</div>")[0] }
    }

    static func commentID(_ response: TestResponse) throws -> Int64 {
        let location = try #require(response.headers[.location])
        return try #require(location.components(separatedBy: "#c").last.flatMap { Int64($0) })
    }

    @Test func aCommentWithMathGetsAReplyAndItsAuthorIsTold() async throws {
        let store = try await Fixture.store()
        let config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
        try await Application(router: try await Fixture.router(store: store, config: config)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get("/settings")
            #expect(try await ada.post("/settings/notifications", [("mail", "1")]).headers[.location] == "/settings?done=notifications")
            try await ada.get(Self.page)
            let posted = try await ada.post("\(Self.page)/comments", [("text", "The bound $O(n \\log n)$ needs **k ≥ 2**, see $$\\sum_i x_i$$")])
            #expect(posted.status == .seeOther)
            let root = try Self.commentID(posted)

            var bob = try await Community.signedIn(client, store, "bob")
            try await bob.get(Self.page)
            let reply = try await bob.post("\(Self.page)/comments", [("text", "Agreed, @ada: it is tight."), ("parent", String(root))])
            let replyID = try Self.commentID(reply)

            let shown = try await client.execute(uri: Self.page, method: .get).text
            #expect(shown.contains("Discussion (2)"))
            let found = try await client.execute(uri: "/search?q=sparsity-certifying", method: .get).text
            #expect(found.contains("<a class=\"ext\" href=\"\(Self.page)#discussion\">2 comments</a>"), "cards count the comments")
            let bodies = Self.bodies(shown)
            #expect(bodies.first == "<p>The bound $O(n \\log n)$ needs <strong>k ≥ 2</strong>, see $$\\sum_i x_i$$</p>")
            // The reply sits inside its parent's article.
            let rootStart = try #require(shown.range(of: "id=\"c\(root)\""))
            let replyStart = try #require(shown.range(of: "id=\"c\(replyID)\""))
            #expect(rootStart.lowerBound < replyStart.lowerBound)
            #expect(shown[rootStart.upperBound..<replyStart.lowerBound].contains("class=\"replies\""))

            // Ada's header counts the notice; the page lists it, marked new, and reads it.
            #expect(try await ada.get("/").text.contains("aria-label=\"1 unread\""))
            let notices = try await ada.get("/notifications")
            #expect(notices.text.contains("bob replied to your comment") && notices.text.contains("\(Self.page)#c\(replyID)"))
            #expect(notices.text.contains("class=\"notice unread\"") && !notices.text.contains("unread\">1"))
            #expect(!(try await ada.get("/").text.contains("unread\"")))
            #expect(!(try await bob.get("/notifications").text.contains("replied to your comment")), "notices are their person's only")
            // She asked for mail too.
            let mail = try await store.outbox(status: nil, limit: 10).first { $0.mail.to == "ada@example.org" && $0.mail.subject.contains("replied") }
            #expect(mail?.mail.text.contains("https://hub.example\(Self.page)#c\(replyID)") == true)
        }
    }

    /// Every payload of the renderer's XSS corpus, written as a comment, is inert in the page.
    @Test func hostileCommentsAreInertOnThePage() async throws {
        let store = try await Fixture.store()
        let ada = try await AccountFlowTests.addUser(store, "ada")
        for payload in CommentMarkdownTests.xssPayloads {
            _ = try await store.addComment(NewComment(paperID: Self.paper, parentID: nil, authorID: ada.id, text: payload,
                                                      html: CommentMarkdown.html(payload), mentions: []), now: Date())
        }
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            let page = try await client.execute(uri: Self.page, method: .get)
            let bodies = Self.bodies(page.text)
            #expect(bodies.count == CommentMarkdownTests.xssPayloads.count)
            for (payload, body) in zip(CommentMarkdownTests.xssPayloads, bodies) {
                #expect(SafeHTML.problems(in: body).isEmpty, "\(payload) → \(body) : \(SafeHTML.problems(in: body))")
            }
            #expect(!page.text.lowercased().contains("<script>alert"))
            // Their author also gets each text back in an edit box: escaped there too.
            var author = TestBrowser(client)
            try await AccountFlowTests.signIn(&author, "ada")
            let own = try await author.get(Self.page).text
            #expect(own.components(separatedBy: "aria-label=\"Your comment\">").count == CommentMarkdownTests.xssPayloads.count + 1)
            for box in own.components(separatedBy: "aria-label=\"Your comment\">").dropFirst() {
                let content = box.components(separatedBy: "</textarea>")[0]
                #expect(!content.contains("<") && !content.contains(">"), "\(content)")
            }
        }
    }

    @Test func authorsEditWithHistoryAndDeleteToATombstone() async throws {
        let store = try await Fixture.store()
        let config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
        try await Application(router: try await Fixture.router(store: store, config: config)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get(Self.page)
            let id = try Self.commentID(try await ada.post("\(Self.page)/comments", [("text", "First thought")]))
            try await ada.post("\(Self.page)/comments", [("text", "A reply to myself"), ("parent", String(id))])
            #expect(try await ada.post("/comments/\(id)/edit", [("text", "Second thought")]).headers[.location] == "\(Self.page)#c\(id)")
            let page = try await client.execute(uri: Self.page, method: .get).text
            #expect(page.contains("Second thought") && !page.contains("First thought") && page.contains("/comments/\(id)/history\">edited"))
            let history = try await client.execute(uri: "/comments/\(id)/history", method: .get)
            #expect(history.text.contains("First thought") && history.text.contains("Second thought"))

            var bob = try await Community.signedIn(client, store, "bob")
            try await bob.get(Self.page)
            #expect(try await bob.post("/comments/\(id)/edit", [("text", "Hijack")]).status == .notFound)
            #expect(try await bob.post("/comments/\(id)/delete", []).status == .notFound)

            try await ada.post("/comments/\(id)/delete", [])
            let after = try await client.execute(uri: Self.page, method: .get).text
            #expect(after.contains("This comment was deleted.") && !after.contains("Second thought") && after.contains("A reply to myself"))
            #expect(try await client.execute(uri: "/comments/\(id)/history", method: .get).status == .notFound)
        }
    }

    @Test func theAPIReadsThreadsAndWritesWithAToken() async throws {
        let store = try await Fixture.store()
        _ = try await AccountFlowTests.addUser(store, "bot")
        var token = try await Community.bearer(store, "bot")
        token[.contentType] = "application/json"
        let headers = token
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            let made = try await client.execute(uri: "/api/papers/\(Self.paper)/comments", method: .post, headers: headers,
                                                body: ByteBuffer(string: #"{"text": "Via the *API*"}"#))
            #expect(made.status == .created)
            let root = try Community.object(made)
            #expect(root["html"] as? String == "<p>Via the <em>API</em></p>" && (root["author"] as? [String: Any])?["name"] as? String == "bot")
            let rootID = try #require(root["id"] as? Int)
            let reply = try await client.execute(uri: "/api/papers/\(Self.paper)/comments", method: .post, headers: headers,
                                                 body: ByteBuffer(string: #"{"text": "Threaded", "parent": \#(rootID)}"#))
            #expect(reply.status == .created)

            let listed = try await client.execute(uri: "/api/papers/\(Self.paper)/comments", method: .get)
            let threads = try #require(try JSONSerialization.jsonObject(with: Data(buffer: listed.body)) as? [[String: Any]])
            #expect(threads.count == 1)
            #expect((threads[0]["replies"] as? [[String: Any]])?.first?["text"] as? String == "Threaded")
            let api = try Community.object(try await client.execute(uri: "/api/papers/\(Self.paper)", method: .get))
            #expect(api["id"] as? String == Self.paper)

            for (body, status, says) in [(#"{"text": 5}"#, HTTPResponse.Status.badRequest, "'text' has the wrong type"),
                                         (#"{"parent": 1}"#, .badRequest, "'text' is missing"), ("not json", .badRequest, "not valid JSON"),
                                         (#"{"text": "  "}"#, .unprocessableContent, "needs some text"),
                                         (#"{"text": "x", "parent": 999999}"#, .badRequest, "does not exist")] {
                let r = try await client.execute(uri: "/api/papers/\(Self.paper)/comments", method: .post, headers: headers, body: ByteBuffer(string: body))
                #expect(r.status == status && r.text.contains(says), "\(body) → \(r.status) \(r.text)")
            }
            let other = try await client.execute(uri: "/api/papers/0704.0001/comments", method: .post, headers: headers,
                                                 body: ByteBuffer(string: #"{"text": "x", "parent": \#(rootID)}"#))
            #expect(other.status == .badRequest && other.text.contains("same paper"))
            let anonymous = try await client.execute(uri: "/api/papers/\(Self.paper)/comments", method: .post,
                                                     headers: [.contentType: "application/json"], body: ByteBuffer(string: #"{"text": "x"}"#))
            #expect(anonymous.status == .unauthorized)
        }
    }

    @Test func commentingFastIsThrottled() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get(Self.page)
            for i in 0..<DiscussionController.commentsPerMinute {
                #expect(try await ada.post("\(Self.page)/comments", [("text", "Comment \(i)")]).status == .seeOther)
            }
            let over = try await ada.post("\(Self.page)/comments", [("text", "One too many")])
            #expect(over.status == .tooManyRequests)
        }
    }

    /// A report reaches the queue; a moderator hides the comment and bans its author, whose
    /// token and session stop working at once; everything is in the audit log.
    @Test func moderatorsHideAndBan() async throws {
        let store = try await Fixture.store()
        let config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
        try await Application(router: try await Fixture.router(store: store, config: config)).test(.router) { client in
            var spammer = try await Community.signedIn(client, store, "spammer")
            let token = try await Community.bearer(store, "spammer")
            try await spammer.get(Self.page)
            let id = try Self.commentID(try await spammer.post("\(Self.page)/comments", [("text", "Cheap pills at spam.example")]))

            var ada = try await Community.signedIn(client, store, "ada")
            try await ada.get(Self.page)
            #expect(try await ada.post("/comments/\(id)/report", [("reason", "spam")]).status == .seeOther)
            #expect(try await ada.get("/moderation").status == .forbidden)
            #expect(try await ada.post("/comments/\(id)/hide", []).status == .forbidden)

            var mod = try await Community.signedIn(client, store, "mod", role: .moderator)
            let queue = try await mod.get("/moderation")
            #expect(queue.text.contains("Comment \(id)") && queue.text.contains("reported by ada"))
            try await mod.get(Self.page)
            #expect(try await mod.post("/comments/\(id)/hide", [("reason", "spam")]).status == .seeOther)
            let anonymous = try await client.execute(uri: Self.page, method: .get).text
            #expect(anonymous.contains("This comment was hidden by a moderator.") && !anonymous.contains("Cheap pills"))
            #expect(try await mod.get(Self.page).text.contains("Cheap pills"), "moderators still see it")
            let api = try await client.execute(uri: "/api/papers/\(Self.paper)/comments", method: .get)
            #expect(!api.text.contains("Cheap pills") && api.text.contains("\"hidden\":true"))

            try await mod.get("/u/spammer")
            #expect(try await mod.post("/u/spammer/ban", [("reason", "spam")]).headers[.location] == "/u/spammer")
            #expect(try await client.execute(uri: "/api/whoami", method: .get, headers: token).status == .unauthorized)
            #expect(!(try await spammer.get("/").text.contains("spammer</a>")), "the session is gone")
            let signIn = try await AccountFlowTests.signIn(&spammer, "spammer")
            #expect(signIn.status == .forbidden && signIn.text.contains("banned"))
            #expect(try await ada.post("/u/mod/ban", []).status == .forbidden)

            let reportID = try #require(try await store.openReports(limit: 5).first?.id)
            try await mod.get("/moderation")
            try await mod.post("/moderation/reports/\(reportID)/resolve", [("note", "hidden, banned")])
            let log = try await mod.get("/moderation").text
            #expect(log.contains("No open reports."))
            for action in ["hide comment", "ban user", "resolve report"] { #expect(log.contains(action), "\(action)") }
        }
    }
}
