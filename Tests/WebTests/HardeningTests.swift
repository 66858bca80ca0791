import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import Testing
@testable import PaperboyStore
@testable import Web

/// Issue 13's defects at the HTTP level, on a small store made here (no shared data needed).
@Suite struct HardeningTests {
    static let paper = Paper(id: "2603.12267", title: "A paper", abstract: "About things.", categories: ["cs.CL"],
                             published: Day("2026-03-14")?.date, announced: Day("2026-03-16"))

    func router(_ store: (any HubStore)? = nil) async throws -> (Router<AppRequestContext>, any HubStore) {
        let s: any HubStore = if let store { store } else { try await Fixture.emptyStore() }
        if store == nil { _ = try await s.upsert([Self.paper]) }
        return (try await buildRouter(WebConfig(publicURL: "https://hub.example", cacheTTL: 0), stores: HubStores(s), logLevel: .critical), s)
    }

    /// Defect 1: year 0 weeks crashed the process; now 400 on pages, API and feeds alike.
    @Test func yearZeroWeeksAre400Everywhere() async throws {
        let app = Application(router: try await router().0)
        try await app.test(.router) { client in
            for week in ["0000-W01", "0000-W30", "0000-W52", "%2B000-W01", "0000-W53"] {
                for uri in ["/papers/week/\(week)", "/api/daily_papers?week=\(week)", "/feeds/daily.rss?week=\(week)", "/feeds/daily.json?week=\(week)"] {
                    let r = try await client.execute(uri: uri, method: .get)
                    #expect(r.status == .badRequest, "\(uri) → \(r.status)")
                }
            }
            for uri in ["/papers/week/0001-W01", "/papers/week/9999-W52", "/papers/month/0001-01", "/papers/date/9999-12-31", "/papers/date/0001-01-01"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok, "\(uri)")
            }
        }
    }

    /// Defect 7: percent-encoded ids and dates name the same page; decoding happens once.
    @Test func percentEncodedPathSegmentsAreDecodedOnce() async throws {
        let app = Application(router: try await router().0)
        try await app.test(.router) { client in
            for uri in ["/papers/2603%2E12267", "/papers/arXiv%3A2603.12267", "/papers/arXiv:2603.12267", "/api/papers/arXiv%3A2603.12267", "/papers/date/2026%2D03%2D16", "/papers/2603.12267%2Emd"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok, "\(uri) → \(r.status)")
            }
            // Without search by meaning, similar papers are unavailable; the id itself was read.
            let similar = try await client.execute(uri: "/api/papers/2603%2e12267/similar", method: .get)
            #expect(similar.status != .badRequest)
            for uri in ["/papers/%25323603.12267", "/papers/2603%2", "/papers/week/2026-W1%"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .badRequest, "\(uri)")
            }
        }
    }

    /// Defect 8: /healthz checks every table the pages read and shows a reason, not SQL.
    @Test(arguments: ["paper", "paperFTS"])
    func healthzReportsAMissingTableBriefly(table: String) async throws {
        // SQLite's own tables, dropped by hand.
        let store = try SQLiteStore.inMemory()
        _ = try await store.upsert([Self.paper])
        let (router, _) = try await router(store)
        let app = Application(router: router)
        try await app.test(.router) { client in
            let before = try await client.execute(uri: "/healthz", method: .get)
            #expect(before.status == .ok)
            try await store.dbWriter.write { db in
                try db.execute(sql: "DROP TRIGGER IF EXISTS paper_fts_delete; DROP TRIGGER IF EXISTS paper_fts_insert; DROP TRIGGER IF EXISTS paper_fts_update")
                try db.execute(sql: "DROP TABLE \(table)")
            }
            let r = try await client.execute(uri: "/healthz", method: .get)
            #expect(r.status == .serviceUnavailable)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: Any])
            #expect(json["status"] as? String == "error")
            #expect(json["db"] as? String == "error: table \(table) is missing or unreadable")
            #expect(!r.text.contains("SELECT") && !r.text.contains("no such table"))
        }
    }

    /// Defect 9: an empty search feed says it was built now, not in 1970.
    @Test func emptyFeedsCarryTheBuildTime() async throws {
        let app = Application(router: try await router().0)
        try await app.test(.router) { client in
            let rss = try await client.execute(uri: "/search.rss?q=zzzqqqnothing", method: .get)
            #expect(rss.status == .ok && rss.text.contains("<lastBuildDate>") && !rss.text.contains("1970"))
            let year = String(Calendar(identifier: .gregorian).component(.year, from: Date()))
            #expect(rss.text.contains(year))
            let atom = try await client.execute(uri: "/search.atom?q=zzzqqqnothing", method: .get)
            #expect(!atom.text.contains("1970"))
        }
    }

    /// A blank DOI used to be force-unwrapped on the paper page.
    @Test func blankDOIDoesNotCrashThePaperPage() async throws {
        let store = try await Fixture.emptyStore()
        var p = Self.paper
        p.doi = "   "
        _ = try await store.upsert([p])
        let app = Application(router: try await router(store).0)
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/papers/2603.12267", method: .get)
            #expect(r.status == .ok)
        }
    }
}
