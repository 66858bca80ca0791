import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import Testing
@testable import Web

@Suite
struct APITests {
    func json(_ r: TestResponse) throws -> Any { try JSONSerialization.jsonObject(with: Data(r.text.utf8)) }

    @Test func dailyPapersHasHuggingFaceShape() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/api/daily_papers?date=2007-04-01&limit=5&sort=publishedAt", method: .get)
            #expect(r.status == .ok)
            let items = try #require(try json(r) as? [[String: Any]])
            #expect(items.count == 5)
            for item in items {
                let paper = try #require(item["paper"] as? [String: Any])
                let id = try #require(paper["id"] as? String)
                let source = try #require(Fixture.samplePapers.first { $0.id == id })
                #expect(source.feedDay == Day("2007-04-01"))
                #expect(paper["title"] as? String == source.title && item["title"] as? String == source.title)
                #expect(paper["summary"] as? String == source.abstract)
                #expect((paper["authors"] as? [[String: Any]])?.compactMap { $0["name"] as? String } == source.authors.map(\.name))
                #expect(paper["upvotes"] as? Int == 0 && item["numComments"] as? Int == 0)
                #expect((item["publishedAt"] as? String)?.hasPrefix("2007-04-01T00:00:00.000Z") == true)
            }
            let next = try #require(try json(try await client.execute(uri: "/api/daily_papers?date=2007-04-01&limit=5&p=1", method: .get)) as? [[String: Any]])
            let firstIDs = Set(items.compactMap { ($0["paper"] as? [String: Any])?["id"] as? String })
            #expect(next.count == 5 && next.allSatisfy { !firstIDs.contains((($0["paper"] as? [String: Any])?["id"] as? String) ?? "") })
        }
    }

    @Test func paperAndSearchEndpoints() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/api/papers/0704.0001", method: .get)
            let paper = try #require(try json(r) as? [String: Any])
            #expect(paper["doi"] as? String == "10.1103/PhysRevD.76.013009")
            #expect(paper["categories"] as? [String] == ["hep-ph"])
            let missing = try await client.execute(uri: "/api/papers/0704.9999", method: .get)
            #expect(missing.status == .notFound)
            #expect((try json(missing) as? [String: String])?["error"] == "no paper 0704.9999 in this hub")
            let bad = try await client.execute(uri: "/api/papers/not-an-id", method: .get)
            #expect(bad.status == .badRequest)
            let s = try await client.execute(uri: "/api/papers/search?q=diphoton&limit=3", method: .get)
            let hits = try #require(try json(s) as? [[String: Any]])
            #expect(hits.contains { (($0["paper"] as? [String: Any])?["id"] as? String) == "0704.0001" })
        }
    }

    @Test func feedsAreWellFormedWithStableGUIDs() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            for uri in ["/feeds/daily.rss?cat=cs.LG", "/feeds/daily.atom", "/search.rss?q=neural", "/search.atom?q=neural"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok, "\(uri)")
                let parser = XMLParser(data: Data(r.text.utf8))
                #expect(parser.parse(), "\(uri) is not well-formed XML: \(String(describing: parser.parserError))")
            }
            // The hostile paper (cs.LG, 2007-03-20) is in the cs.LG daily feed of its day, escaped.
            let rss = try await client.execute(uri: "/feeds/daily.rss?cat=cs.LG&date=2007-03-20", method: .get)
            #expect(rss.text.contains("<guid isPermaLink=\"true\">https://hub.example/papers/0703.99999</guid>"))
            #expect(rss.text.contains("&lt;script&gt;"))
            let feed = try #require(try json(try await client.execute(uri: "/feeds/daily.json?date=2007-03-20", method: .get)) as? [String: Any])
            #expect(feed["version"] as? String == "https://jsonfeed.org/version/1.1")
            #expect(((feed["items"] as? [[String: Any]])?.first?["id"] as? String) == "https://hub.example/papers/0703.99999")
        }
    }

    @Test func conditionalGetAndGzip() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            for uri in ["/papers/date/2007-04-02", "/api/daily_papers", "/feeds/daily.atom"] {
                let first = try await client.execute(uri: uri, method: .get, headers: [.acceptEncoding: "gzip, deflate"])
                #expect(first.headers[.contentEncoding] == "gzip", "\(uri)")
                #expect(Array(first.body.readableBytesView.prefix(2)) == [0x1f, 0x8b], "\(uri)")
                let etag = try #require(first.headers[.eTag])
                let again = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: etag])
                #expect(again.status == .notModified, "\(uri)")
                #expect(again.body.readableBytes == 0)
                let modified = try #require(first.headers[.lastModified])
                let since = try await client.execute(uri: uri, method: .get, headers: [.ifModifiedSince: modified])
                #expect(since.status == .notModified, "\(uri)")
                let other = try await client.execute(uri: uri, method: .get, headers: [.ifNoneMatch: "W/\"0000000000000000\""])
                #expect(other.status == .ok && other.headers[.contentEncoding] == nil)
            }
        }
    }

    @Test func healthAndMetrics() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            let h = try await client.execute(uri: "/healthz", method: .get)
            let body = try #require(try json(h) as? [String: Any])
            #expect(body["status"] as? String == "ok" && body["db"] as? String == "ok")
            #expect(body["papers"] as? Int == Fixture.samplePapers.count + 1)
            _ = try await client.execute(uri: "/papers/0704.0001", method: .get)
            _ = try await client.execute(uri: "/nope", method: .get)
            let m = try await client.execute(uri: "/metrics", method: .get)
            #expect(m.text.contains("paperboy_http_requests_total{route=\"/papers/{id}\",method=\"GET\",status=\"200\"} 1"))
            #expect(m.text.contains("paperboy_http_requests_total{route=\"NotFound\",method=\"GET\",status=\"404\"} 1"))
            #expect(m.text.contains("paperboy_http_request_duration_seconds_count{route=\"/healthz\"} 1"))
        }
    }
}
