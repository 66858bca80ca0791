import Foundation
import PaperboyCore
import Testing
@testable import Ingest

@Suite struct AtomParserTests {
    @Test func oldStyleIDEntry2026Format() throws {
        let page = try ArxivAtomParser.parse(Fixture.data("atom/id_astro-ph_0601001.xml"))
        #expect(page.totalResults == 1 && page.startIndex == 0 && page.itemsPerPage == 100)
        let p = try #require(page.papers.first)
        #expect(p.id == "astro-ph/0601001" && p.version == 1)
        #expect(p.arxivID.isOldStyle)
        #expect(p.title == "Frequency of Hot Jupiters and Very Hot Jupiters from the OGLE-III Transit Surveys Toward the Galactic Bulge and Carina")
        #expect(p.abstract.hasPrefix("We derive the frequencies of hot Jupiters (HJs)"))
        #expect(p.abstract.contains("V_max<17.5"))   // &lt; decoded
        #expect(p.authors.map(\.name) == ["Andrew Gould", "Susan Dorsher", "B. Scott Gaudi", "Andrzej Udalski"])
        #expect(p.authors[2].affiliation == "CfA")
        #expect(p.categories == ["astro-ph"])
        #expect(p.published == utc("2006-01-02T14:57:58Z"))
        #expect(p.journalRef == "ActaAstron.56:1-50,2006")
        #expect(p.comments?.hasPrefix("62 pages including 16 figures") == true)
    }

    @Test func searchPagePrimaryCategoryFirst() throws {
        let page = try ArxivAtomParser.parse(Fixture.data("atom/q_testing_s10_m10.xml"))
        #expect(page.totalResults == 214_881 && page.startIndex == 10 && page.itemsPerPage == 10)
        #expect(page.papers.count == 10)
        let p = page.papers[0]
        #expect(p.id == "2403.16981" && p.version == 2)
        #expect(p.categories == ["math.ST", "cs.IT", "stat.ML"])
        #expect(p.published == utc("2024-03-25T17:42:32Z"))
        #expect(p.updated == utc("2025-05-24T05:50:33Z"))
        #expect(p.authors.map(\.name) == ["Ankit Pensia", "Varun Jog", "Po-Ling Loh"])
        #expect(page.papers[1].id == "2004.03322")
    }

    @Test func legacyFormatWithDOIAndOffsetDates() throws {
        let page = try ArxivAtomParser.parse(Fixture.data("atom/legacy_idlist_1601.00001.xml"))
        #expect(page.totalResults == 1 && page.itemsPerPage == 10)
        let p = try #require(page.papers.first)
        #expect(p.id == "1601.00001" && p.version == 1)
        #expect(p.title == "Inelastic effects in molecular transport junctions: The probe technique at high bias")
        #expect(p.doi == "10.1063/1.4944470")
        #expect(p.journalRef == "J. Chem. Phys. 144, 124107 (2016)")
        #expect(p.categories == ["cond-mat.mes-hall"])
        #expect(p.authors.map(\.name) == ["Michael Kilgour", "Dvira Segal"])
        #expect(p.published == utc("2015-12-26T21:19:45Z"))
    }

    @Test func errorFeedThrowsTheMessage() throws {
        #expect(throws: ArxivAPIError("incorrect id format for abc")) {
            try ArxivAtomParser.parse(Fixture.data("atom/id_abc_error.xml"))
        }
    }

    @Test func emptyResult() throws {
        let page = try ArxivAtomParser.parse(Fixture.data("atom/id_0000.0000_empty.xml"))
        #expect(page.papers.isEmpty && page.totalResults == 0)
    }

    @Test func truncatedXMLNamesLineAndColumn() throws {
        let whole = try Fixture.data("atom/q_testing_s10_m10.xml")
        #expect {
            try ArxivAtomParser.parse(whole.prefix(whole.count / 2))
        } throws: { error in
            guard case .malformedXML(_, let line, _, _)? = error as? IngestError else { return false }
            return line > 1 && "\(error)".contains("malformed XML")
        }
    }
}
