import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// Issue 13: for every route and every parameter, generated values (out of range, wrong type,
/// huge, empty, percent-encoded once or twice, control characters) never give a 5xx and never
/// stop the process (a trap here fails the whole test run). Seeded: a failure prints the seed
/// and the URI, and `PAPERBOY_ROUTE_FUZZ_SEED` / `_COUNT` replay or lengthen a run.
@Suite struct RouteFuzzTests {
    static let routes = [
        "/papers/date/{v}", "/papers/week/{v}", "/papers/month/{v}", "/papers/{v}", "/papers/{v}/{v}", "/papers/{v}.md",
        "/api/papers/{v}", "/api/papers/{v}/similar", "/api/papers/{v}/{v}", "/api/papers/{v}/{v}/similar",
        "/feeds/{v}", "/feeds/daily.{v}", "/static/{v}", "/{v}", "/search.{v}?q=a",
        "/u/{v}", "/settings/tokens/{v}/revoke", "/settings/{v}",
        "/subscriptions/{v}", "/subscriptions/{v}/{v}", "/unsubscribe/{v}", "/subscribe/confirm/{v}",
    ]
    static let queries: [(path: String, names: [String])] = [
        ("/", ["page", "sort", "cat", "exclude", "view", "code"]), ("/papers/date/2026-03-16", ["page", "sort", "cat", "exclude", "view", "code"]),
        ("/papers/week/2026-W12", ["page", "sort", "cat", "view", "code"]), ("/papers/month/2026-03", ["page", "sort", "exclude", "view", "code"]),
        ("/search", ["q", "page", "sort", "mode", "cat", "exclude", "code"]), ("/search.rss", ["q", "sort", "cat", "code"]),
        ("/search.atom", ["q", "mode", "code"]), ("/search.json", ["q", "sort", "code"]),
        ("/login", ["next", "done"]), ("/verify", ["token"]), ("/reset/confirm", ["token"]), ("/settings", ["done"]),
        ("/api/daily_papers", ["date", "week", "month", "p", "limit", "sort", "cat", "exclude", "code"]),
        ("/api/papers/search", ["q", "limit", "offset", "sort", "mode", "cat", "code"]), ("/api/papers/2603.12267/similar", ["limit", "cat", "code"]),
        ("/feeds/daily.rss", ["date", "week", "month", "cat", "code"]), ("/feeds/daily.atom", ["week", "exclude", "code"]),
        ("/feeds/daily.json", ["month", "cat", "code"]),
        ("/papers/2603.12267", ["x"]), ("/healthz", ["verbose"]), ("/openapi.json", ["v"]), ("/for-you", ["q"]),
        ("/subscribe", ["cat", "exclude", "q"]), ("/digest/preview", ["x"]),
    ]

    @Test func generatedValuesNeverGive5xx() async throws {
        let env = ProcessInfo.processInfo.environment
        let seed = env["PAPERBOY_ROUTE_FUZZ_SEED"].flatMap(UInt64.init) ?? 13
        let count = env["PAPERBOY_ROUTE_FUZZ_COUNT"].flatMap(Int.init) ?? 3000
        let store = try await Fixture.emptyStore()
        _ = try await store.upsert([HardeningTests.paper])
        let router = try await buildRouter(WebConfig(cacheTTL: 0), stores: HubStores(store), logLevel: .critical)
        var g = SeededGenerator(state: seed)
        var uris: [String] = []
        for _ in 0..<count {
            if Bool.random(using: &g) {
                var uri = Self.routes.randomElement(using: &g) ?? "/"
                while let r = uri.range(of: "{v}") { uri.replaceSubrange(r, with: ValueGenerator.pathValue(&g)) }
                uris.append(uri)
            } else if let (path, names) = Self.queries.randomElement(using: &g) {
                let n = Int.random(in: 1...3, using: &g)
                let items = (0..<n).map { _ in "\(names.randomElement(using: &g) ?? "q")=\(ValueGenerator.queryValue(&g))" }
                uris.append(path + "?" + items.joined(separator: "&"))
            }
        }
        let requests = uris
        let statuses = try await Application(router: router).test(.router) { client in
            var seen: [Int: Int] = [:]
            for uri in requests {
                let r = try await client.execute(uri: uri, method: .get)
                seen[r.status.code, default: 0] += 1
                #expect(r.status.code < 500, "seed \(seed): \(uri.prefix(300)) → \(r.status)")
            }
            return seen
        }
        // The generator reaches both sides: pages that work and refusals.
        #expect(statuses[200, default: 0] > count / 20 && statuses[400, default: 0] > count / 20, "\(statuses)")
    }
}

/// Values for one path segment or query parameter, each kind as likely as the others.
enum ValueGenerator {
    static func raw(_ g: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<14, using: &g) {
        case 0: return ""
        case 1: return String(Int.random(in: -100...100, using: &g))
        case 2: return [String(Int.max), "99999999999999999999", "-0", "1e9", "NaN", "0x10", "+1", " 1"].randomElement(using: &g) ?? ""
        case 3:
            let y = [0, 1, 1582, 1970, 2026, 9999, 10_000].randomElement(using: &g) ?? 0
            return String(format: "%04d-%02d-%02d", y, Int.random(in: 0...13, using: &g), Int.random(in: 0...32, using: &g))
        case 4:
            let y = [0, 1, 2020, 2021, 9999, 10_000].randomElement(using: &g) ?? 0
            let sign = ["", "+", "-"].randomElement(using: &g) ?? ""
            return sign + String(format: "%04d-W%02d", y, Int.random(in: 0...60, using: &g))
        case 5: return String(format: "%04d-%02d", [0, 1, 2026, 9999].randomElement(using: &g) ?? 0, Int.random(in: 0...13, using: &g))
        case 6: return ["2603.12267", "arXiv:2603.12267v2", "hep-th/9901001", "2603.12267v0", "0000.00000", "https://arxiv.org/abs/2603.12267"]
            .randomElement(using: &g) ?? ""
        case 7: return String(repeating: ["a", "é", "%", "/", "\u{202e}", "\0"].randomElement(using: &g) ?? "a", count: Int.random(in: 1...9000, using: &g))
        case 8: return String((0..<Int.random(in: 1...30, using: &g)).map { _ in Character(UnicodeScalar(UInt8.random(in: 0...127, using: &g))) })
        case 9: return ["cs.CL", "cs.*", "cs.CL,math.*", "(", "*", "..", "../../etc/passwd", "a:b", "rss", "json", "atom", "md"].randomElement(using: &g) ?? ""
        case 10: return ["relevance", "newest", "trending", "keyword", "semantic", "hybrid", "publishedAt", "upvotes"].randomElement(using: &g) ?? ""
        case 11: return ["\"unclosed", "a OR", "-", "author:", "since:2024-13-01", "year:0", "cat:(", "OR OR OR", "1", "0", "true",
                         "https://github.com/a/b", "github.com/a", "javascript:alert(1)", "https://x.example/\"><script>"].randomElement(using: &g) ?? ""
        case 12: return String(decoding: (0..<Int.random(in: 1...40, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }, as: UTF8.self)
        default: return "<script>alert(1)</script>"
        }
    }

    /// Encoded as a URL would carry it: escaped, escaped twice, raw `%` junk, or left alone.
    static func encode(_ s: String, _ g: inout SeededGenerator, allowed: CharacterSet) -> String {
        let once = s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        switch Int.random(in: 0..<5, using: &g) {
        case 0: return once.addingPercentEncoding(withAllowedCharacters: allowed) ?? once  // twice
        case 1: return s.utf8.map { String(format: "%%%02X", $0) }.joined()                 // every byte
        case 2: return once + ["%", "%2", "%zz", "%00", "%C3"].randomElement(using: &g)!
        default: return once
        }
    }

    static func pathValue(_ g: inout SeededGenerator) -> String {
        encode(raw(&g), &g, allowed: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#%;")))
    }

    static func queryValue(_ g: inout SeededGenerator) -> String {
        encode(raw(&g), &g, allowed: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+=?#%")))
    }
}
