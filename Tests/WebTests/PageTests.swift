import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Search
import Testing
@testable import Web

@Suite
struct PageTests {
    @Test func homeShowsTheLatestDayWithFeedsAndStrictHeaders() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/", method: .get)
            #expect(r.status == .ok)
            #expect(r.headers[.contentType] == "text/html; charset=utf-8")
            // The sample's last day is 2 Apr 2007 (a Monday).
            #expect(r.text.contains("Monday, 2 April 2007"))
            let expected = Fixture.samplePapers.filter { $0.feedDay == Day("2007-04-02") }.count
            #expect(r.text.contains("\(expected) papers"))
            #expect(r.text.contains("<link rel=\"alternate\" type=\"application/rss+xml\""))
            let csp = try #require(r.headers[HTTPField.Name("Content-Security-Policy")!])
            #expect(csp.contains("script-src 'self'") && !csp.contains("script-src 'self' 'unsafe-inline'"))
            #expect(csp.contains("frame-ancestors 'none'"))
            #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            // No inline script: every <script> tag loads a file.
            let scripts = r.text.components(separatedBy: "<script").dropFirst()
            #expect(!scripts.isEmpty && scripts.allSatisfy { $0.hasPrefix(" defer src=\"/static/") })
        }
    }

    @Test func previousAndNextSkipEmptyDays() async throws {
        let app = Application(router: try await Fixture.router())
        let days = Fixture.days
        #expect(days.map(\.description) == ["2007-03-20", "2007-03-31", "2007-04-01", "2007-04-02"])
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/papers/date/2007-03-31", method: .get)
            #expect(r.status == .ok)
            #expect(r.text.contains("rel=\"prev\" class=\"step\" href=\"/papers/date/2007-03-20\""))
            #expect(r.text.contains("rel=\"next\" class=\"step\" href=\"/papers/date/2007-04-01\""))
            let empty = try await client.execute(uri: "/papers/date/2007-03-25", method: .get)
            #expect(empty.status == .ok)
            #expect(empty.text.contains("No papers here"))
        }
    }

    @Test func categoryFilterIsAppliedAndKeptInLinks() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/papers/week/2007-W13?cat=math.*,hep-ph&exclude=math.CO", method: .get)
            #expect(r.status == .ok)
            let filter = CategoryFilter(include: ["math.*", "hep-ph"], exclude: ["math.CO"])
            let week = DayRange.week("2007-W13")!
            let expected = Fixture.samplePapers.filter { $0.feedDay.map(week.contains) == true && filter.matches($0.categories) }
            #expect(!expected.isEmpty)
            #expect(r.text.contains("\(expected.count) paper"))
            // 36 papers: two pages of 30, and the second page link keeps the filter.
            #expect(r.text.contains("href=\"/papers/week/2007-W13?cat=math.*,hep-ph&amp;exclude=math.CO&amp;page=2\""))
            let page2 = try await client.execute(uri: "/papers/week/2007-W13?cat=math.*,hep-ph&exclude=math.CO&page=2", method: .get)
            for p in expected { #expect((r.text + page2.text).contains("href=\"/papers/\(p.id)\""), "\(p.id)") }
            let page3 = try await client.execute(uri: "/papers/week/2007-W13?cat=math.*,hep-ph&exclude=math.CO&page=3", method: .get)
            #expect(page3.status == .notFound)
            // Sorting and range tabs keep the filter.
            #expect(r.text.contains("href=\"/papers/week/2007-W13?cat=math.*,hep-ph&amp;exclude=math.CO&amp;sort=newest\""))
            #expect(r.text.contains("href=\"/papers/month/2007-03?cat=math.*,hep-ph&amp;exclude=math.CO\""))
            #expect(r.text.contains("/feeds/daily.rss?cat=math.*,hep-ph&amp;exclude=math.CO"))
        }
    }

    @Test func paperTextIsEscapedEverywhere() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            for uri in ["/papers/0703.99999", "/papers/date/2007-03-20", "/search?q=neural"] {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == .ok, "\(uri)")
                #expect(!r.text.contains("<script>alert"), "\(uri)")
                #expect(!r.text.contains("<b>bold</b>"), "\(uri)")
                #expect(r.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), "\(uri)")
                #expect(r.text.contains("$a&lt;b$ &amp; friends"), "\(uri)")
            }
            let page = try await client.execute(uri: "/papers/0703.99999", method: .get)
            #expect(!page.text.contains("<img src=x"))
            #expect(page.text.contains("Eve &lt;Evil&gt; O&#39;Hacker"))
        }
    }

    @Test func paperPageShowsMetadataAndLinks() async throws {
        let app = Application(router: try await Fixture.router())
        let paper = try #require(Fixture.samplePapers.first { $0.id == "0704.0001" })
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/papers/arXiv:0704.0001v2", method: .get)
            #expect(r.status == .ok)
            #expect(r.text.contains("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies"))
            #expect(r.text.contains("href=\"https://doi.org/10.1103/PhysRevD.76.013009\""))
            #expect(r.text.contains("href=\"https://arxiv.org/pdf/0704.0001\""))
            #expect(r.text.contains("Phys.Rev.D76:013009,2007"))
            #expect(r.text.contains("href=\"/search?q=author:%22E.%20L.%20Berger%22\""))
            #expect(r.text.contains("Similar papers") && r.text.contains("Discussion"))
            #expect(paper.authors.count == 4)
            let md = try await client.execute(uri: "/papers/0704.0001.md", method: .get)
            #expect(md.headers[.contentType] == "text/markdown; charset=utf-8")
            #expect(md.text.hasPrefix("# Calculation of prompt diphoton"))
            #expect(md.text.contains("- **DOI:** 10.1103/PhysRevD.76.013009"))
        }
    }

    @Test func searchHighlightsTermsAfterEscaping() async throws {
        let app = Application(router: try await Fixture.router())
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/search?q=neural+networks", method: .get)
            #expect(r.status == .ok)
            #expect(r.text.contains("<mark>neural</mark> <mark>networks</mark>"))
            #expect(r.text.contains("/search.atom?q=neural%20networks"))
            let author = try await client.execute(uri: "/search?q=author:%22E.%20L.%20Berger%22", method: .get)
            #expect(author.text.contains("href=\"/papers/0704.0001\""))
        }
    }

    @Test func similarPapersComeFromTheSemanticSeam() async throws {
        struct Fake: SemanticSearch {
            let papers: [Paper]
            func similar(to id: String, limit: Int, filter: CategoryFilter) async throws -> [SearchHit]? {
                papers.prefix(limit).map { SearchHit(paper: $0, score: 1) }
            }
            func search(_ request: SearchRequest, mode: SearchMode) async throws -> SearchResults {
                SearchResults(hits: papers.map { SearchHit(paper: $0, score: 1) }, total: papers.count, terms: [])
            }
        }
        let others = Array(Fixture.samplePapers.suffix(2))
        let app = Application(router: try await Fixture.router(semantic: Fake(papers: others)))
        try await app.test(.router) { client in
            let r = try await client.execute(uri: "/papers/0704.0001", method: .get)
            for p in others { #expect(r.text.contains("href=\"/papers/\(p.id)\"")) }
            let s = try await client.execute(uri: "/search?q=anything&mode=semantic", method: .get)
            #expect(s.status == .ok && s.text.contains("href=\"/papers/\(others[0].id)\""))
        }
    }
}
