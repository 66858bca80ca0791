import Foundation
import Testing
import PaperboyCore
import PaperboyStore
@testable import Harvest

/// RSS listings and export-API lookups against recorded arXiv responses.
@Suite struct SourcesTests {
    let clock = VirtualClock()

    func client() -> ArxivClient { makeClient(transport: URLSessionTransport(), clock: clock, attempts: 2) }

    @Test func fetchBatchesIDsAndReportsTheMissingOnes() async throws {
        let server = try FixtureServer { request in
            switch request.query["id_list"] {
            case "1605.08386": return .xml(try! Fixture.data("api-id-1605.08386.xml"))
            case "0808.05394,1707.08567": return .xml(try! Fixture.data("api-id-0808.05394-1707.08567.xml"))
            default: return .response(status: 404, body: Data())
            }
        }
        let store = try SQLiteStore.inMemory()
        var fetcher = APIFetcher(client: client(), store: store, baseURL: server.baseURL.appendingPathComponent("api/query"))
        fetcher.batchSize = 2
        let ids = ["0808.05394", "1707.08567", "1605.08386"].map { ArxivID($0)! }
        let result = try await fetcher.fetch(ids)
        #expect(server.requests.map { $0.query["id_list"] } == ["0808.05394,1707.08567", "1605.08386"])
        #expect(server.requests.first?.query["max_results"] == "2")
        #expect(result.missing == ["0808.05394"]) // arXiv has no such paper
        #expect(result.report.papers.inserted == 2)
        #expect(try await store.paper(id: "1605.08386") != nil)
        #expect(try await store.paper(id: "1707.08567") != nil)
    }

    @Test func emptyWeekendListingStoresNothingButRecordsTheCheckpoint() async throws {
        let server = try FixtureServer { _ in .xml(try! Fixture.data("rss_cs.CL_weekend-empty_2026-08-01.xml")) }
        let store = try SQLiteStore.inMemory()
        let rss = RSSHarvester(client: client(), store: store, baseURL: server.baseURL.appendingPathComponent("rss"))
        let report = try await rss.harvest(categories: ["cs.CL"])
        #expect(report.recordsSeen == 0)
        #expect(server.requests.first?.path == "/rss/cs.CL")
        #expect(try await store.checkpoint(source: "rss:cs.CL") != nil)
    }

    @Test func rssErrorFeedIsAClearErrorNotRetried() async throws {
        let server = try FixtureServer { _ in .xml(try! Fixture.data("rss_error_bad-archive_2024-11-28.xml")) }
        let rss = RSSHarvester(client: client(), store: try SQLiteStore.inMemory(), baseURL: server.baseURL.appendingPathComponent("rss"))
        let error = await #expect(throws: HarvestError.self) { try await rss.harvest(categories: ["astroph"]) }
        #expect(error?.description.contains("Bad archive") == true)
        #expect(server.requests.count == 1)
    }

    @Test(.enabled(if: SharedData.root != nil, "needs /work/shared/data/arxiv-api-fixtures (set PAPERBOY_SHARED)"))
    func fullDailyListingIsStored() async throws {
        let file = SharedData.root!.appendingPathComponent("data/arxiv-api-fixtures/rss/rss_all-archives_2024-11-28.xml")
        let body = try Data(contentsOf: file)
        let server = try FixtureServer { _ in .xml(body) }
        let store = try SQLiteStore.inMemory()
        let rss = RSSHarvester(client: client(), store: store, baseURL: server.baseURL.appendingPathComponent("rss"))
        let report = try await rss.harvest(categories: ["astro-ph", "cond-mat"])
        // 1,504 items in the capture (SOURCES.md), one paper each.
        #expect(report.papers.inserted == 1504)
        #expect(try await store.checkpoint(source: "rss:astro-ph+cond-mat")?.datestamp == "2024-11-28")
    }
}

@Suite struct ScheduleAndConfigTests {
    func date(_ iso: String) -> Date { ISO8601DateFormatter().date(from: iso)! }

    @Test func defaultRunsAtHalfPastMidnightNewYorkAcrossDaylightSaving() {
        let s = HarvestSchedule.default
        // EST (UTC-5) in January, EDT (UTC-4) in July.
        #expect(s.nextRun(after: date("2026-01-15T12:00:00Z")) == date("2026-01-16T05:30:00Z"))
        #expect(s.nextRun(after: date("2026-07-15T12:00:00Z")) == date("2026-07-16T04:30:00Z"))
        #expect(s.nextRun(after: date("2026-07-16T04:30:00Z")) == date("2026-07-17T04:30:00Z")) // strictly after
    }

    @Test func environmentOverridesDefaultsAndRejectsNonsense() throws {
        let c = try HarvestConfig(environment: ["PAPERBOY_HARVEST_AT": "05:30", "PAPERBOY_CONTACT": "me@example.org",
                                                "PAPERBOY_HARVEST_SETS": "cs,math", "PAPERBOY_OAI_URL": "http://127.0.0.1:9/oai"])
        #expect(c.schedule.nextRun(after: date("2026-01-15T06:00:00Z")) == date("2026-01-16T05:30:00Z"))
        #expect(c.userAgent == "Paperboy/0.1 (+mailto:me@example.org)")
        #expect(c.sets == ["cs", "math"])
        #expect(c.oaiURL.absoluteString == "http://127.0.0.1:9/oai")
        #expect(c.apiURL.absoluteString == "https://export.arxiv.org/api/query")
        #expect(throws: HarvestError.self) { try HarvestConfig(environment: ["PAPERBOY_HARVEST_AT": "25:00"]) }
        #expect(throws: HarvestError.self) { try HarvestConfig(environment: ["PAPERBOY_REQUEST_INTERVAL": "fast"]) }
        #expect(throws: HarvestError.self) { try HarvestConfig(environment: ["PAPERBOY_API_URL": "ftp://x"]) }
    }
}
