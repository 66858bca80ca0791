import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// Sign-up to sign-out as a person does it, through the real router, store and outbox.
@Suite
struct AccountFlowTests {
    static let password = "correct horse battery staple"

    /// A verified user made directly in the store (bcrypt at the tests' low cost).
    static func addUser(_ store: any HubStore, _ name: String, role: Role = .user) async throws -> User {
        let hash = try await Passwords(cost: Fixture.config.bcryptCost, common: []).hash(password)
        return try await store.createUser(NewUser(username: name, email: "\(name)@example.org", passwordHash: hash, emailVerified: true, role: role))
    }

    static func signIn(_ browser: inout TestBrowser, _ login: String, password: String = password) async throws -> TestResponse {
        try await browser.get("/login")
        return try await browser.post("/login", [("login", login), ("password", password)])
    }

    @Test func signUpConfirmSignInAndOut() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var browser = TestBrowser(client)
            let form = try await browser.get("/signup")
            #expect(form.status == .ok && form.headers[.cacheControl] == "no-store")
            #expect(browser.cookies["pb_csrf"] != nil)
            let created = try await browser.post("/signup", [("username", "ada"), ("email", "Ada@Example.org"), ("password", Self.password)])
            #expect(created.status == .created)
            #expect(created.text.contains("Check your inbox"))

            let user = try #require(try await store.user(username: "ADA"))
            #expect(!user.emailVerified)
            let link = try #require(try await Outbox.link(in: store, to: "Ada@Example.org", path: "/verify"))
            #expect(link.hasPrefix("https://hub.example/verify?token="))
            let path = String(link.dropFirst("https://hub.example".count))
            let confirmPage = try await browser.get(path)
            #expect(confirmPage.status == .ok && confirmPage.text.contains("Confirm my address"))
            // Opening the link alone changes nothing (mail scanners follow links).
            #expect(try await store.user(id: user.id)?.emailVerified == false)
            let token = try #require(TestBrowser.field("token", in: confirmPage.text))
            let confirmed = try await browser.post("/verify", [("token", token)])
            #expect(confirmed.status == .ok && confirmed.text.contains("is confirmed"))
            #expect(try await store.user(id: user.id)?.emailVerified == true)
            #expect(try await browser.post("/verify", [("token", token)]).status == .badRequest, "a link works once")

            let signedIn = try await Self.signIn(&browser, "ada")
            #expect(signedIn.status == .seeOther && signedIn.headers[.location] == "/")
            let cookie = try #require(signedIn.headers[values: .setCookie].first { $0.hasPrefix("pb_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Secure"))
            let settings = try await browser.get("/settings")
            #expect(settings.status == .ok && settings.text.contains("Signed in as <strong>ada</strong>"))
            #expect(settings.headers[.cacheControl] == "no-store")

            let out = try await browser.post("/logout", [])
            #expect(out.status == .seeOther && browser.cookies["pb_session"] == nil)
            let after = try await browser.get("/settings")
            #expect(after.status == .seeOther && after.headers[.location] == "/login?next=%2Fsettings")
        }
    }

    @Test func formsWithoutTheRightCSRFTokenAreRefused() async throws {
        let store = try await Fixture.store()
        _ = try await Self.addUser(store, "grace")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var stranger = TestBrowser(client)
            // No form shown first: no pb_csrf cookie, so nothing to match.
            let blind = try await stranger.post("/login", [("login", "grace"), ("password", Self.password)], csrf: "x")
            #expect(blind.status == .forbidden && blind.text.contains("security token"))

            var browser = TestBrowser(client)
            #expect(try await Self.signIn(&browser, "grace").status == .seeOther)
            try await browser.get("/settings")
            let real = try #require(browser.csrf)
            // One character off (never the same character, or the "forgery" is the real token).
            let offByOne = String(real.dropLast()) + (real.last == "A" ? "B" : "A")
            for forged in ["", "forged", offByOne, stranger.cookies["pb_csrf"] ?? "z"] {
                let r = try await browser.post("/settings/tokens", [("name", "evil")], csrf: forged)
                #expect(r.status == .forbidden, "token '\(forged)'")
            }
            let noField = try await client.execute(uri: "/logout", method: .post, headers: browser.withCookies([.contentType: "application/x-www-form-urlencoded"]))
            #expect(noField.status == .forbidden)
            let grace = try #require(try await store.user(username: "grace"))
            #expect(try await store.apiTokens(userID: grace.id).isEmpty)
            #expect(try await browser.post("/settings/tokens", [("name", "fine")]).status == .created)
        }
    }

    @Test func signInIssuesANewSessionEveryTime() async throws {
        let store = try await Fixture.store()
        _ = try await Self.addUser(store, "linus")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var browser = TestBrowser(client)
            // A session id planted before sign-in (fixation) is not kept.
            browser.cookies["pb_session"] = "planted-by-an-attacker-0123456789abcdefghijk"
            _ = try await Self.signIn(&browser, "linus")
            let first = try #require(browser.cookies["pb_session"])
            #expect(first != "planted-by-an-attacker-0123456789abcdefghijk")
            // Signing in again from a signed-in browser (a shared computer) ends the old session.
            try await browser.get("/settings")
            #expect(try await browser.post("/login", [("login", "linus"), ("password", Self.password)]).status == .seeOther)
            let second = try #require(browser.cookies["pb_session"])
            #expect(second != first)
            #expect(try await store.session(secretHash: Secrets.hash(first), now: Date()) == nil, "the old session ended")
            browser.cookies["pb_session"] = first
            #expect(try await browser.get("/settings").status == .seeOther, "the old id, replayed, is signed out")
            browser.cookies["pb_session"] = second
            #expect(try await store.session(secretHash: Secrets.hash(second), now: Date()) != nil)
        }
    }

    @Test func apiTokensWorkUntilRevoked() async throws {
        let store = try await Fixture.store()
        _ = try await Self.addUser(store, "ken", role: .moderator)
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            #expect(try await client.execute(uri: "/api/whoami", method: .get).status == .unauthorized)
            var browser = TestBrowser(client)
            _ = try await Self.signIn(&browser, "ken")
            try await browser.get("/settings")
            let made = try await browser.post("/settings/tokens", [("name", "laptop")])
            #expect(made.status == .created && made.headers[.cacheControl] == "no-store")
            let secret = try #require(made.text.range(of: "<code class=\"token\">").map { r in
                String(made.text[r.upperBound...].prefix { $0 != "<" })
            })
            #expect(secret.hasPrefix("pb_"))
            let bearer: HTTPFields = [.authorization: "Bearer \(secret)"]
            let me = try await client.execute(uri: "/api/whoami", method: .get, headers: bearer)
            #expect(me.status == .ok)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: me.body)) as? [String: [String: String]]
            #expect(body?["user"] == ["name": "ken", "role": "moderator"])
            #expect(!(try await browser.get("/settings").text.contains(secret)), "shown once only")

            let ken = try #require(try await store.user(username: "ken"))
            let id = try #require(try await store.apiTokens(userID: ken.id).first?.id)
            #expect(try await browser.post("/settings/tokens/\(id)/revoke", []).status == .seeOther)
            let revoked = try await client.execute(uri: "/api/whoami", method: .get, headers: bearer)
            #expect(revoked.status == .unauthorized && revoked.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await client.execute(uri: "/api/whoami", method: .get, headers: [.authorization: "Bearer pb_nonsense"]).status == .unauthorized)
        }
    }

    @Test func repeatedWrongPasswordsAreThrottled() async throws {
        let store = try await Fixture.store()
        _ = try await Self.addUser(store, "mallory")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var browser = TestBrowser(client)
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<7 { statuses.append(try await Self.signIn(&browser, "mallory", password: "wrong password \(statuses.count)").status) }
            #expect(statuses.prefix(6).allSatisfy { $0 == .unauthorized })
            #expect(statuses.last == .tooManyRequests)
            // Even the right password waits now, and the answer says for how long.
            let right = try await Self.signIn(&browser, "mallory")
            #expect(right.status == .tooManyRequests)
            #expect(Int(right.headers[.retryAfter] ?? "") ?? 0 >= 1)
        }
    }

    @Test func signedInPagesAreNeverSharedOrCached() async throws {
        let store = try await Fixture.store()
        for name in ["alice", "bob"] { _ = try await Self.addUser(store, name) }
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var alice = TestBrowser(client), bob = TestBrowser(client)
            _ = try await Self.signIn(&alice, "alice")
            _ = try await Self.signIn(&bob, "bob")
            let anonymousBefore = try await client.execute(uri: "/papers/date/2007-04-02", method: .get)
            for _ in 0..<2 {
                let a = try await alice.get("/papers/date/2007-04-02"), b = try await bob.get("/papers/date/2007-04-02")
                #expect(a.text.contains(">alice</a>") && !a.text.contains(">bob</a>"))
                #expect(b.text.contains(">bob</a>") && !b.text.contains(">alice</a>"))
                #expect(a.headers[.cacheControl] == "private, no-cache" && b.headers[.cacheControl] == "private, no-cache")
            }
            let anonymousAfter = try await client.execute(uri: "/papers/date/2007-04-02", method: .get)
            for page in [anonymousBefore, anonymousAfter] {
                #expect(page.text.contains("Sign in") && !page.text.contains(">alice</a>") && !page.text.contains(">bob</a>"))
                #expect(page.headers[.cacheControl]?.hasPrefix("public") == true)
            }
            #expect(anonymousBefore.headers[.eTag] == anonymousAfter.headers[.eTag])
        }
    }

    @Test func passwordResetByMail() async throws {
        let store = try await Fixture.store()
        let user = try await Self.addUser(store, "barbara")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var old = TestBrowser(client)
            _ = try await Self.signIn(&old, "barbara")
            var browser = TestBrowser(client)
            try await browser.get("/reset")
            let asked = try await browser.post("/reset", [("email", "BARBARA@example.org")])
            #expect(asked.status == .ok && asked.text.contains("Check your inbox"))
            // The same answer for an address nobody has, and no mail.
            let nobody = try await browser.post("/reset", [("email", "nobody@example.org")])
            #expect(nobody.status == .ok && nobody.text.contains("Check your inbox"))
            #expect(try await Outbox.link(in: store, to: "nobody@example.org", path: "/reset/confirm") == nil)

            let link = try #require(try await Outbox.link(in: store, to: user.email, path: "/reset/confirm"))
            let form = try await browser.get(String(link.dropFirst("https://hub.example".count)))
            let token = try #require(TestBrowser.field("token", in: form.text))
            let weak = try await browser.post("/reset/confirm", [("token", token), ("password", "password123")])
            #expect(weak.status == .unprocessableContent && weak.text.contains("most common"))
            let done = try await browser.post("/reset/confirm", [("token", token), ("password", "a brand new passphrase")])
            #expect(done.status == .seeOther && done.headers[.location] == "/login?done=reset")
            #expect(try await browser.post("/reset/confirm", [("token", token), ("password", "another new passphrase")]).status == .unprocessableContent)
            #expect(try await Self.signIn(&browser, "barbara").status == .unauthorized)
            #expect(try await Self.signIn(&browser, "barbara", password: "a brand new passphrase").status == .seeOther)
            // The session from before the reset is over.
            #expect(try await old.get("/settings").status == .seeOther)
        }
    }

    @Test func profilesShowNamesNeverAddresses() async throws {
        let store = try await Fixture.store()
        _ = try await Self.addUser(store, "margaret", role: .admin)
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            let page = try await client.execute(uri: "/u/margaret", method: .get)
            #expect(page.status == .ok && page.text.contains("margaret") && page.text.contains("Admin"))
            #expect(!page.text.contains("@example.org"))
            #expect(try await client.execute(uri: "/u/nobody", method: .get).status == .notFound)
        }
    }

    @Test func exportAndDeleteAccount() async throws {
        let store = try await Fixture.store()
        let user = try await Self.addUser(store, "donald")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var browser = TestBrowser(client)
            _ = try await Self.signIn(&browser, "donald")
            try await browser.get("/settings")
            _ = try await browser.post("/settings/tokens", [("name", "script")])
            let export = try await browser.get("/settings/export.json")
            #expect(export.status == .ok && export.headers[.contentDisposition]?.contains("attachment") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(buffer: export.body)) as? [String: Any])
            #expect((json["user"] as? [String: Any])?["email"] as? String == user.email)
            #expect((json["apiTokens"] as? [Any])?.count == 1)
            #expect(!export.text.contains("$2b$") && !export.text.contains("passwordHash"))

            try await browser.get("/settings")
            #expect(try await browser.post("/settings/delete", [("password", "not it")]).status == .unprocessableContent)
            #expect(try await browser.post("/settings/delete", [("password", Self.password)]).status == .seeOther)
            #expect(try await store.user(username: "donald") == nil)
            #expect(try await client.execute(uri: "/u/donald", method: .get).status == .notFound)
        }
    }
}
