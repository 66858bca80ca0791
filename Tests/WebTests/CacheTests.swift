import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// The response cache follows the store: a write shows at once (or, by default, within
/// `versionCheckInterval`), validators change with content.
@Suite
struct CacheTests {
    /// A paper announced the day after the sample's last day (2 Apr 2007), so it becomes the
    /// newest day: the home page, the default API answer and the daily feed must switch to it.
    static let fresh = Paper(
        id: "0704.99998", title: "A freshly imported paper on cache invalidation",
        abstract: "Stale pages are a bug.", authors: [Author(name: "Ada Fresh")], categories: ["cs.DB"],
        published: Fixture.date("2007-04-03"))

    static let latestURIs = ["/", "/api/daily_papers", "/feeds/daily.rss"]
    /// Checks the store's version on every request, so a write must show on the very next one.
    static let everyRequest = WebConfig(publicURL: "https://hub.example", versionCheckInterval: 0)

    @Test func anImportShowsAtOnceEverywhere() async throws {
        #expect(Self.fresh.feedDay == Day("2007-04-03"))
        let store = try await Fixture.store()
        let app = Application(router: try await Fixture.router(store: store, config: Self.everyRequest))
        try await app.test(.router) { client in
            for uri in Self.latestURIs {
                let before = try await client.execute(uri: uri, method: .get)
                #expect(before.status == .ok && !before.text.contains(Self.fresh.id), "\(uri)")
            }
            try await store.upsert([Self.fresh])
            for uri in Self.latestURIs {
                let after = try await client.execute(uri: uri, method: .get)
                #expect(after.status == .ok, "\(uri)")
                #expect(after.text.contains(Self.fresh.id), "\(uri) still shows the cached answer from before the import")
            }
        }
    }

    /// Another writer (here a second connection pool on the same file, as `paperboy import` in
    /// another process would be) invalidates the server's cache too.
    @Test func aWriteByAnotherConnectionShowsAtOnce() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("db.sqlite").path
        let server = try SQLiteStore.open(path: path)
        try await server.upsert(Fixture.samplePapers)
        let importer = try SQLiteStore.open(path: path)
        let app = Application(router: try await Fixture.router(store: server, config: Self.everyRequest))
        try await app.test(.router) { client in
            let before = try await client.execute(uri: "/api/daily_papers", method: .get)
            #expect(!before.text.contains(Self.fresh.id))
            try await importer.upsert([Self.fresh])
            let after = try await client.execute(uri: "/api/daily_papers", method: .get)
            #expect(after.text.contains(Self.fresh.id))
        }
    }

    @Test func validatorsAnswer304UntilTheContentChanges() async throws {
        let store = try await Fixture.store()
        let app = Application(router: try await Fixture.router(store: store, config: Self.everyRequest))
        try await app.test(.router) { client in
            var validators: [String: (etag: String, modified: String)] = [:]
            for uri in Self.latestURIs + ["/papers/date/2007-03-31"] {
                let first = try await client.execute(uri: uri, method: .get)
                validators[uri] = (try #require(first.headers[.eTag]), try #require(first.headers[.lastModified]))
                let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: validators[uri]!.etag])
                #expect(again.status == .notModified, "\(uri)")
            }
            try await store.upsert([Self.fresh])
            for uri in Self.latestURIs {
                let (etag, modified) = validators[uri]!
                let byTag = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
                #expect(byTag.status == .ok, "\(uri): the old ETag still matched after the import")
                #expect(byTag.text.contains(Self.fresh.id), "\(uri)")
                #expect(byTag.headers[.eTag] != etag, "\(uri)")
                // Usually the same second as the first answer: the date must still move on.
                let byDate = try await client.execute(uri: uri, method: .get, headers: [.ifModifiedSince: modified])
                #expect(byDate.status == .ok, "\(uri): If-Modified-Since still matched after the import")
            }
            // A day the new paper is not on has the same content, so its validators still hold.
            let (etag, modified) = validators["/papers/date/2007-03-31"]!
            let sameTag = try await client.execute(uri: "/papers/date/2007-03-31", method: .get, headers: [.ifNoneMatch: etag])
            #expect(sameTag.status == .notModified)
            let sameDate = try await client.execute(uri: "/papers/date/2007-03-31", method: .get, headers: [.ifModifiedSince: modified])
            #expect(sameDate.status == .notModified)
        }
    }

    /// As deployed, the version is asked at most every 100 ms: a write shows once that has passed.
    @Test func byDefaultAWriteShowsWithinTheCheckInterval() async throws {
        let store = try await Fixture.store()
        let interval = Fixture.config.versionCheckInterval
        #expect(interval > 0 && interval <= 0.25)
        let app = Application(router: try await Fixture.router(store: store))
        try await app.test(.router) { client in
            #expect(!(try await client.execute(uri: "/api/daily_papers", method: .get).text.contains(Self.fresh.id)))
            try await store.upsert([Self.fresh])
            try await Task.sleep(for: .seconds(interval * 2))
            #expect(try await client.execute(uri: "/api/daily_papers", method: .get).text.contains(Self.fresh.id))
        }
    }

    @Test func versionCheckReusesAnAnswerOnlyWithinItsInterval() async throws {
        actor Counter { var calls = 0; func next() -> StoreVersion { calls += 1; return StoreVersion(lastPaper: Int64(calls), lastChange: 0) } }
        let strict = Counter(), relaxed = Counter()
        let everyTime = VersionCheck(interval: .zero) { await strict.next() }
        let hourly = VersionCheck(interval: .seconds(3600)) { await relaxed.next() }
        var seen: [Int64] = []
        for _ in 0..<3 {
            seen.append(try await everyTime.current().lastPaper)
            _ = try await hourly.current()
        }
        #expect(seen == [1, 2, 3])
        #expect(await relaxed.calls == 1)
    }

    /// With the cache off (`--cache-ttl 0`) replies are built per request and gzipped only for
    /// clients that ask for it; every write shows, of course.
    @Test func withoutTheCacheRepliesAreFreshAndGzippedOnDemand() async throws {
        let store = try await Fixture.store()
        let router = try await buildRouter(WebConfig(publicURL: "https://hub.example", cacheTTL: 0), stores: HubStores(store))
        try await Application(router: router).test(.router) { client in
            let plain = try await client.execute(uri: "/", method: .get)
            #expect(plain.status == .ok && plain.headers[.contentEncoding] == nil)
            let zipped = try await client.execute(uri: "/", method: .get, headers: [.acceptEncoding: "gzip"])
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(Array(zipped.body.readableBytesView.prefix(2)) == [0x1f, 0x8b])
            #expect(zipped.body.readableBytes < plain.body.readableBytes / 2)
            #expect(zipped.headers[.eTag] == plain.headers[.eTag])
            try await store.upsert([Self.fresh])
            #expect(try await client.execute(uri: "/", method: .get).text.contains(Self.fresh.id))
        }
    }
}
