import Foundation
import PaperboyCore
import Testing
@testable import Ingest

@Suite struct RSSParserTests {
    @Test(.enabled(if: Fixture.hasShared, "needs shared/data (the 2.8 MB capture is not bundled)"))
    func fullListing() throws {
        let listing = try ArxivRSSParser.parse(Data(contentsOf: Fixture.sharedData("arxiv-api-fixtures/rss/rss_all-archives_2024-11-28.xml")))
        #expect(listing.day == Day("2024-11-28"))   // "Thu, 28 Nov 2024 00:00:00 -0500": the day in arXiv's zone
        #expect(listing.papers.count == 1504)
        let counts = Dictionary(grouping: listing.announceTypes.values, by: { $0 }).mapValues(\.count)
        #expect(counts == ["new": 926, "replace": 569, "cross": 9])

        let first = listing.papers[0]
        #expect(first.id == "2411.17700" && first.version == 1)
        #expect(first.categories == ["cs.CY"])
        #expect(first.authors.map(\.name) == ["Jun Cui"])
        #expect(first.license == "http://creativecommons.org/licenses/by/4.0/")
        #expect(first.announced == Day("2024-11-28"))
        #expect(first.abstract.hasPrefix("This study investigates the influence of generative artificial intelligence"))
        #expect(!first.abstract.contains("Announce Type"))

        let ecg = try #require(listing.papers.first { $0.id == "2411.17702" })
        #expect(ecg.authors.map(\.name) == ["Hyewon Jeong", "Suyeol Yun", "Hammaad Adam"])
        #expect(ecg.categories == ["eess.SP", "cs.LG"])

        let cross = try #require(listing.papers.first { $0.id == "2202.06515" })
        #expect(cross.version == 3 && listing.announceTypes["2202.06515"] == "cross")
        #expect(cross.doi == "10.1063/5.0236964")
        #expect(cross.journalRef == "Physics of Fluids 36, 117158 (2024)")
        #expect(cross.categories == ["astro-ph.CO", "astro-ph.GA", "physics.flu-dyn"])
        #expect(listing.announceTypes["1401.3665"] == "replace")
    }

    @Test func errorChannelThrows() throws {
        #expect {
            try ArxivRSSParser.parse(Fixture.data("rss/rss_error_bad-archive_2024-11-28.xml"))
        } throws: { error in
            (error as? ArxivFeedError)?.message.hasPrefix("Bad archive 'astroph'.") == true
        }
    }

    @Test func emptyChannelIsAnEmptyListing() throws {
        let listing = try ArxivRSSParser.parse(Fixture.data("rss/rss_test_empty_2024-11-28.xml"))
        #expect(listing.papers.isEmpty && listing.announceTypes.isEmpty)
        #expect(listing.day == Day("2024-11-28"))
    }

    @Test(.enabled(if: Fixture.hasShared, "needs shared/data (no licence to bundle this capture)"))
    func weekendFeedIsEmpty() throws {
        let listing = try ArxivRSSParser.parse(Data(contentsOf: Fixture.sharedData("arxiv-api-fixtures/rss/rss_cs.CL_weekend-empty_2026-08-01.xml")))
        #expect(listing.papers.isEmpty)
        #expect(listing.day == Day("2026-08-01"))
    }
}
