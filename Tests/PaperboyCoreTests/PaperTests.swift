import Foundation
import Testing
@testable import PaperboyCore

@Suite struct PaperTests {
    @Test func normalisesHardWrappedTextButKeepsLaTeX() {
        let p = Paper(id: "0704.0001", title: "Calculation of prompt diphoton production cross sections at Tevatron and\n  LHC energies",
                      abstract: "  A fully differential calculation of $\\alpha_s$\nis\tpresented.\n")
        #expect(p.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        #expect(p.abstract == "A fully differential calculation of $\\alpha_s$ is presented.")
    }

    @Test func categoriesKeepPrimaryFirstWithoutDuplicates() {
        let p = Paper(id: "2503.11677", title: "t", abstract: "a", categories: ["cs.HC", "cs.CV", "cs.HC", ""])
        #expect(p.categories == ["cs.HC", "cs.CV"])
        #expect(p.primaryCategory == "cs.HC")
    }

    @Test func newerVersionWinsButFirstDatesAndHubDataSurvive() {
        let v1Date = Date(timeIntervalSince1970: 1_700_000_000)
        let v2Date = Date(timeIntervalSince1970: 1_710_000_000)
        let old = Paper(id: "2401.00001", version: 1, title: "Old title", abstract: "Old", authors: [Author(name: "A")],
                        categories: ["cs.CL"], published: v1Date, updated: v1Date, announced: Day("2023-11-15"),
                        doi: "10.1/x", hub: HubInfo(upvotes: 12))
        let new = Paper(id: "2401.00001", version: 2, title: "New title", abstract: "New",
                        categories: ["cs.CL", "cs.LG"], published: v2Date, updated: v2Date)
        let m = old.merged(with: new)
        #expect(m.version == 2)
        #expect(m.title == "New title")
        #expect(m.authors == [Author(name: "A")], "fields the newer record lacks are kept")
        #expect(m.published == v1Date, "the first version's date never moves")
        #expect(m.updated == v2Date)
        #expect(m.announced == Day("2023-11-15"))
        #expect(m.doi == "10.1/x")
        #expect(m.hub?.upvotes == 12, "hub data survives a plain arXiv re-import")
        // An older record arriving later does not roll metadata back.
        #expect(m.merged(with: old).title == "New title")
        #expect(m.merged(with: old).version == 2)
    }

    @Test func feedDayIsAnnouncementElseFirstVersion() {
        let published = Date(timeIntervalSince1970: 1_709_683_200) // 2024-03-06 00:00 UTC
        #expect(Paper(id: "x", title: "t", abstract: "a", published: published).feedDay == Day("2024-03-06"))
        #expect(Paper(id: "x", title: "t", abstract: "a", published: published, announced: Day("2024-03-07")).feedDay == Day("2024-03-07"))
        #expect(Paper(id: "x", title: "t", abstract: "a").feedDay == nil)
    }

    @Test func authorNameFromParts() {
        #expect(Author(keyname: "Nadolsky", forenames: "P. M.", suffix: nil).name == "P. M. Nadolsky")
        #expect(Author(keyname: "Smith", forenames: "John", suffix: "Jr").name == "John Smith Jr")
    }
}
