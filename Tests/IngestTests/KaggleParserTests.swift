import Foundation
import PaperboyCore
import Testing
@testable import Ingest

@Suite struct KaggleParserTests {
    func read(_ path: String) throws -> [Result<Paper, RecordError>] {
        let source = try ImportSource(url: Fixture.url(path))
        #expect(source.format == .kaggleJSONL)
        var all: [Result<Paper, RecordError>] = []
        while let batch = try source.nextBatch(max: 64) { all += batch }
        return all
    }

    @Test func snapshotSampleFieldsMatchTheFile() throws {
        let papers = try read("kaggle/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl").map { try $0.get() }
        #expect(papers.count == 200)
        #expect(papers.first?.id == "0704.0001" && papers.last?.id == "0704.0200")

        let p = papers[0]
        #expect(p.version == 2)
        #expect(p.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        #expect(p.abstract.hasPrefix("A fully differential calculation in perturbative quantum chromodynamics is presented"))
        // authors_parsed is TeX-decoded: "Bal\'azs" in `authors` is "Balázs" there.
        #expect(p.authors.map(\.name) == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan"])
        #expect(p.authors[0].keyname == "Balázs" && p.authors[0].forenames == "C.")
        #expect(p.categories == ["hep-ph"])
        #expect(p.published == utc("2007-04-02T19:18:42Z"))
        #expect(p.updated == utc("2007-07-24T20:10:27Z"))
        #expect(p.doi == "10.1103/PhysRevD.76.013009")
        #expect(p.journalRef == "Phys.Rev.D76:013009,2007")
        #expect(p.reportNo == "ANL-HEP-PR-07-12")
        #expect(p.comments == "37 pages, 15 figures; published version")
        #expect(p.submitter == "Pavel Nadolsky")
        #expect(p.license == nil)
        #expect(p.announced == nil)

        let q = papers[1]
        #expect(q.id == "0704.0002")
        #expect(q.categories == ["math.CO", "cs.CG"])
        #expect(q.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")
        #expect(q.authors.map(\.name) == ["Ileana Streinu", "Louis Theran"])

        let suffixed = try #require(papers.first { $0.id == "0704.0009" })
        #expect(suffixed.authors.first { $0.keyname == "Evans" }?.suffix == "II")
        #expect(suffixed.authors.first { $0.keyname == "Evans" }?.name == "Neal J. Evans II")
    }

    @Test func gzipBulkLinesCarryTheListingDay() throws {
        let papers = try read("kaggle/arxiv-cs-2025-2026_first50.jsonl.gz").map { try $0.get() }
        #expect(papers.count == 50)
        let p = papers[0]
        #expect(p.id == "2503.11677")
        #expect(p.announced == Day("2025-03-18"))
        #expect(p.categories == ["cs.HC", "cs.CV"])
        #expect(p.authors.first?.name == "Jungyeon Park")
        #expect(p.authors.count == 5)
        #expect(p.title == "Simulation of prosthetic vision with PRIMA system and enhancement of face representation")
    }

    @Test func malformedLinesAreReportedWithTheirLineNumbers() throws {
        let dir = try temporaryDirectory()
        let good = try String(contentsOf: Fixture.url("kaggle/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(2).map(String.init)
        let lines = [
            good[0],
            #"{"id": "0704.0003", "title": "unterminated"#,             // 2: bad JSON
            #"{"title": "no id here", "abstract": "x"}"#,               // 3: missing id
            #"{"id": "not-an-id", "title": "bad id"}"#,                 // 4: bad id
            "",                                                           // 5: blank, ignored
            #"["an", "array"]"#,                                          // 6: not an object
            good[1],
        ]
        let file = dir.appendingPathComponent("mixed.jsonl")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let source = try ImportSource(url: file)
        let results = try #require(try source.nextBatch(max: 100))
        let papers = results.compactMap { try? $0.get() }
        #expect(papers.map(\.id) == ["0704.0001", "0704.0002"])
        let errors = results.compactMap { r -> RecordError? in if case .failure(let e) = r { return e } else { return nil } }
        #expect(errors.map(\.line) == [2, 3, 4, 6])
        #expect(errors.allSatisfy { $0.file == file.path })
        #expect(errors[0].reason.contains("invalid JSON"))
        #expect(errors[1].reason.contains("missing \"id\""))
        #expect(errors[2].reason.contains("not an arXiv id: \"not-an-id\""))
        #expect(errors[3].reason.contains("expected a JSON object"))
        #expect(try source.nextBatch(max: 100) == nil)
    }

    @Test func truncatedGzipIsOneClearError() throws {
        let dir = try temporaryDirectory()
        let whole = try Fixture.data("kaggle/arxiv-cs-2025-2026_first50.jsonl.gz")
        let file = dir.appendingPathComponent("cut.jsonl.gz")
        try whole.prefix(whole.count * 2 / 3).write(to: file)
        let source = try ImportSource(url: file)
        var papers = 0
        #expect {
            while let batch = try source.nextBatch(max: 10) { papers += batch.count { (try? $0.get()) != nil } }
        } throws: { error in
            guard case .corruptGzip(let f, _, _)? = error as? IngestError else { return false }
            return f == file.path && "\(error)".contains("truncated or corrupt")
        }
        // Whole lines before the cut were read; the broken last line was never reported as a record.
        #expect(papers > 0 && papers < 50)
    }

    @Test func bulkSetsParseCompletely() throws {
        guard Fixture.hasShared else { print("skipped: shared data not found (set PAPERBOY_SHARED)"); return }
        for (name, expected) in [("arxiv-quant-ph-1992-2016_kaggle-format.jsonl.gz", 38_858)] {
            let source = try ImportSource(url: Fixture.sharedData("arxiv-metadata/\(name)"))
            var ok = 0, bad = 0
            while let batch = try source.nextBatch(max: 5000) {
                for r in batch { if case .success = r { ok += 1 } else { bad += 1 } }
            }
            #expect(ok == expected && bad == 0, "\(name)")
        }
    }
}
