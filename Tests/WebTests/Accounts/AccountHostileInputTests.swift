import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// What an attacker types into the account forms: refused with a 4xx that says why, never a
/// 5xx, and never shown back unescaped.
@Suite
struct AccountHostileInputTests {
    static let xss = [
        "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)", "<svg/onload=alert(1)>",
        "'-alert(1)-'", "{{7*7}}", "<iframe src=//evil>", "\u{202E}gnp.exe",
    ]
    static let sql = ["' OR '1'='1", "admin'--", "'; DROP TABLE user; --", "\" OR 1=1 --", "1; SELECT * FROM session"]

    @Test func hostileSignUpsAreRefusedAndEscaped() async throws {
        let store = try await Fixture.store()
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var browser = TestBrowser(client)
            try await browser.get("/signup")
            for (i, payload) in (Self.xss + Self.sql).enumerated() {
                for fields in [[("username", payload), ("email", "u\(i)@example.org"), ("password", AccountFlowTests.password)],
                               [("username", "user\(i)"), ("email", payload), ("password", AccountFlowTests.password)]] {
                    let r = try await browser.post("/signup", fields)
                    #expect(r.status == .unprocessableContent, "\(payload)")
                    #expect(r.text.contains("form-error"))
                    #expect(!r.text.contains("<script>alert") && !r.text.contains("<img src=x") && !r.text.contains("<svg/") && !r.text.contains("<iframe"))
                }
            }
            let overlong = try await browser.post("/signup", [("username", String(repeating: "a", count: 500)), ("email", "x@example.org"), ("password", AccountFlowTests.password)])
            #expect(overlong.status == .unprocessableContent && overlong.text.contains("longer than 32"))
            let control = try await browser.post("/signup", [("username", "nul\u{0}name"), ("email", "y@example.org"), ("password", AccountFlowTests.password)])
            #expect(control.status == .unprocessableContent)
            #expect(try await store.userCount() == 0)
        }
    }

    @Test func hostileSignInsGetAPlainNo() async throws {
        let store = try await Fixture.store()
        _ = try await AccountFlowTests.addUser(store, "admin")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var browser = TestBrowser(client)
            for payload in Self.sql + Self.xss.prefix(3) {
                try await browser.get("/login")
                let r = try await browser.post("/login", [("login", payload), ("password", payload)])
                #expect(r.status == .unauthorized || r.status == .tooManyRequests, "\(payload)")
                #expect(!r.text.contains("<script>alert"))
                browser = TestBrowser(client)  // a fresh visitor each time, so only the payload is judged
            }
            #expect(try await store.user(username: "admin") != nil, "nothing dropped")
        }
    }

    @Test func hostileSettingsAreRefusedOrEscaped() async throws {
        let store = try await Fixture.store()
        _ = try await AccountFlowTests.addUser(store, "eve")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            var browser = TestBrowser(client)
            _ = try await AccountFlowTests.signIn(&browser, "eve")
            try await browser.get("/settings")
            let named = try await browser.post("/settings/tokens", [("name", Self.xss[1])])
            #expect(named.status == .created)
            #expect(named.text.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;") && !named.text.contains("<img src=x"))
            let long = try await browser.post("/settings/tokens", [("name", String(repeating: "n", count: 61))])
            #expect(long.status == .unprocessableContent && long.text.contains("longer than 60"))
            for payload in Self.xss + Self.sql {
                let r = try await browser.post("/settings/email", [("email", payload)])
                #expect(r.status == .unprocessableContent, "\(payload)")
                #expect(!r.text.contains("<script>alert") && !r.text.contains("<svg/"))
            }
            let bogus = try await browser.post("/settings/tokens/99999/revoke", [])
            #expect(bogus.status == .notFound)
            #expect(try await browser.post("/settings/tokens/x'OR'1/revoke", []).status == .notFound)
        }
    }

    @Test func malformedBodiesGetClearErrors() async throws {
        try await Application(router: try await Fixture.router()).test(.router) { client in
            var browser = TestBrowser(client)
            try await browser.get("/login")
            let token = try #require(browser.csrf)
            let cookie = browser.withCookies([:])
            func post(_ body: String, type: String = "application/x-www-form-urlencoded") async throws -> TestResponse {
                var h = cookie
                h[.contentType] = type
                return try await client.execute(uri: "/login", method: .post, headers: h, body: ByteBuffer(string: body))
            }
            let badUTF8 = try await post("csrf=\(token)&login=%FF%FE&password=x")
            #expect(badUTF8.status == .badRequest && badUTF8.text.contains("malformed percent-encoding in the value of"))
            let json = try await post("{\"login\":\"a\"}", type: "application/json")
            #expect(json.status == .unsupportedMediaType && json.text.contains("application/x-www-form-urlencoded"))
            let streamed = try await post("csrf=\(token)&login=" + String(repeating: "a", count: 200_000))
            #expect(streamed.status == .contentTooLarge)
            let put = try await client.execute(uri: "/login", method: .put, headers: cookie)
            #expect(put.status == .methodNotAllowed)
            #expect(try await client.execute(uri: "/verify?token=%3Cscript%3E", method: .get).status == .badRequest)
            let next = try await client.execute(uri: "/login?next=//evil.example/x", method: .get)
            #expect(!next.text.contains("evil.example"))
        }
    }
}
