import Foundation
import Testing
@testable import Ingest

/// Every real capture in shared/data of a document format imports without a single record
/// error, and detection agrees with the folder it came from.
@Suite(.enabled(if: Fixture.hasShared, "needs shared/data"))
struct SharedCorpusTests {
    func files(_ folder: String, ext: String) -> [URL] {
        let root = Fixture.sharedData(folder)
        return (FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?.compactMap { $0 as? URL } ?? [])
            .filter { $0.pathExtension == ext }.sorted { $0.path < $1.path }
    }

    @Test func everyAtomCaptureParses() throws {
        let all = files("arxiv-api-fixtures/api-atom", ext: "xml")
        #expect(all.count == 25)   // 20 arxivpy-2026 + 3 captures-2026 + 2 legacy
        var entries = 0
        for file in all {
            #expect(try InputFormat.detect(fileAt: file) == .arxivAtom, "\(file.lastPathComponent)")
            if file.lastPathComponent.hasPrefix("id_abc") { continue }   // the error feed
            let page = try ArxivAtomParser.parse(Data(contentsOf: file))
            #expect(page.papers.allSatisfy { !$0.title.isEmpty && !$0.categories.isEmpty && $0.published != nil }, "\(file.lastPathComponent)")
            entries += page.papers.count
        }
        // From SOURCES.md: max_results=10 at start 0, 5, 10, 20, 30, 40, 50 (7 pages), =15 at 3
        // starts, one =100 page, six id_list pages with one entry (two are empty), the captures
        // (50 + 25 + 5) and the legacy pages (2 + 1).
        #expect(entries == 7 * 10 + 3 * 15 + 100 + 6 + 50 + 25 + 5 + 2 + 1)
    }

    @Test func everyOAIRecordsResponseParses() throws {
        var records = 0
        for file in files("arxiv-api-fixtures/oai-pmh", ext: "xml") where file.lastPathComponent.contains("ecord") {
            #expect(try InputFormat.detect(fileAt: file) == .oaiPMH)
            let name = file.lastPathComponent
            if name.hasPrefix("Error") { continue }
            let page = try OAIPMHParser.parse(Data(contentsOf: file))
            #expect(page.records.allSatisfy { !$0.title.isEmpty && !$0.authors.isEmpty }, "\(name)")
            records += page.records.count
        }
        // hepcrawl 1 + 3 + 3 + 12, mikesaelim 1 + 6, paperhive 1 + 2.
        #expect(records == 19 + 7 + 3)
    }

    @Test func everyHuggingFaceCaptureParses() throws {
        var papers = 0
        for file in files("hf-daily-papers", ext: "json") {
            let source = try ImportSource(url: file)
            #expect(source.format == .hfDailyPapers)
            while let batch = try source.nextBatch(max: 100) { papers += try batch.map { try $0.get() }.count }
        }
        #expect(papers == 85)
    }
}
