import Foundation
import PaperboyCore
import Testing
@testable import Ingest

@Suite struct HuggingFaceParserTests {
    func dailyPapers() throws -> [Paper] {
        let source = try ImportSource(url: Fixture.url("hf/daily_papers_2026-07-13_ai-weekly-radar.json"))
        #expect(source.format == .hfDailyPapers)
        return try #require(try source.nextBatch(max: 100)).map { try $0.get() }
    }

    @Test func dailyPapersKeepHubInfo() throws {
        let papers = try dailyPapers()
        #expect(papers.count == 25)
        let first = papers[0]
        #expect(first.id == "2607.07673")
        #expect(first.title == "MedPMC: A Systematic Framework for Scaling High-Fidelity Medical Multimodal Data for Foundation Models")
        #expect(first.abstract.hasPrefix("Medicine is inherently multimodal"))
        #expect(first.authors.count == 28 && first.authors[0].name == "Hyunjae Kim" && first.authors.last?.name == "Qingyu Chen")
        #expect(first.published == utc("2026-07-08T00:00:00Z"))
        #expect(first.categories.isEmpty)
        let hub = try #require(first.hub)
        #expect(hub.upvotes == 0 && hub.numComments == 1 && hub.submittedBy == "Nowkim")
        #expect(hub.submittedOnDailyAt == utc("2026-07-13T00:00:00Z"))
        #expect(hub.githubRepo == "https://github.com/Yale-BIDS-Chen-Lab/MedPMC" && hub.githubStars == 1)

        let flow = papers[1].hub!
        #expect(flow.upvotes == 3 && flow.projectPage == "https://seulbinhwang.github.io/flow-erd-project-page/")
        #expect(flow.aiKeywords?.prefix(2) == ["multi-agent simulator", "flow matching"])
        #expect(flow.aiSummary?.isEmpty == false)
        #expect(papers[23].id == "2601.16211" && papers[23].hub?.upvotes == 48)
        #expect(papers[14].hub?.submittedOnDailyAt == utc("2026-07-10T00:00:00Z"))
    }

    @Test func singlePaperObject() throws {
        // `/api/papers/{id}` returns the `paper` object of a daily item on its own.
        let items = try JSONParser.parse(Fixture.data("hf/daily_papers_2026-07-13_ai-weekly-radar.json"))
        let paperJSON = try #require(items.array?[4]["paper"])
        let p = try HuggingFaceParser.paper(paperJSON)
        #expect(p.id == "2607.08964" && p.hub?.upvotes == 38 && p.hub?.githubStars == 25)
        #expect(p.hub?.numComments == nil)   // the comment count lives on the daily item
    }

    @Test func notAnArrayIsADocumentError() throws {
        #expect(throws: IngestError.self) { try HuggingFaceParser.dailyPapers(.object([]), file: "x.json") }
        let results = try HuggingFaceParser.dailyPapers(JSONParser.parse(Array(#"[{"paper": {"id": "nope", "title": "t"}}, {}]"#.utf8)), file: "x.json")
        let reasons = results.compactMap { r -> String? in if case .failure(let e) = r { return e.description } else { return nil } }
        #expect(reasons == ["x.json:1: item 1: not an arXiv id: \"nope\"", "x.json:2: item 2: missing \"paper\""])
    }
}

@Suite struct HuggingFacePaperFileTests {
    /// `/api/papers/{id}` has no bundled capture (see the shared SOURCES.md); its body is the
    /// `paper` object of a daily item, so one is cut out of the real daily file.
    @Test func paperObjectFileImports() throws {
        let items = try JSONSerialization.jsonObject(with: Fixture.data("hf/daily_papers_2026-07-13_ai-weekly-radar.json")) as! [[String: Any]]
        let file = try temporaryDirectory().appendingPathComponent("2607.08770.json")
        try JSONSerialization.data(withJSONObject: items[20]["paper"]!).write(to: file)
        let source = try ImportSource(url: file)
        #expect(source.format == .hfPaper)
        let paper = try #require(try source.nextBatch(max: 10)?.first).get()
        #expect(paper.id == "2607.08770" && paper.hub?.upvotes == 29 && paper.hub?.githubStars == 26)
        #expect(paper.hub?.projectPage == "https://cdfan0627.github.io/LongE2V-page/")
        #expect(paper.authors.count == 7)
    }

    @Test func emptyAuthorEntriesAreDropped() throws {
        let line = #"{"id":"0704.0001","title":"T","abstract":"A","authors_parsed":[["","",""],["ATLAS Collaboration","",""],["Doe","Jane",""]]}"#
        let p = try KaggleRecord.paper(from: JSONParser.parse(Array(line.utf8)))
        #expect(p.authors.map(\.name) == ["ATLAS Collaboration", "Jane Doe"])
    }
}
