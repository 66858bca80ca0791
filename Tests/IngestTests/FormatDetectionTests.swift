import Foundation
import Testing
@testable import Ingest

@Suite struct FormatDetectionTests {
    static let cases: [(String, InputFormat)] = [
        ("kaggle/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl", .kaggleJSONL),
        ("kaggle/arxiv-cs-2025-2026_first50.jsonl.gz", .kaggleJSONL),
        ("atom/id_astro-ph_0601001.xml", .arxivAtom),
        ("atom/legacy_idlist_1601.00001.xml", .arxivAtom),
        ("atom/id_abc_error.xml", .arxivAtom),
        ("oai/ListRecordsResponse.xml", .oaiPMH),
        ("oai/ErrorResponseBadVerb.xml", .oaiPMH),   // no XML declaration
        ("rss/rss_test_empty_2024-11-28.xml", .rss),
        ("abs/0704.0001.abs", .abs),
        ("abs/1607.08199.abs", .abs),
        ("hf/daily_papers_2026-07-13_ai-weekly-radar.json", .hfDailyPapers),
    ]

    @Test(arguments: cases)
    func detectsFixture(path: String, format: InputFormat) throws {
        let data = try Fixture.data(path)
        #expect(InputFormat.detect(path: path, prefix: data.prefix(8192)) == format)
    }

    @Test func contentWinsOverAMisleadingName() throws {
        let abs = try Fixture.data("abs/0704.0001.abs")
        #expect(InputFormat.detect(path: "record.txt", prefix: abs) == .abs)
        let kaggleLine = try Fixture.data("kaggle/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl").prefix(4096)
        #expect(InputFormat.detect(path: "dump.json", prefix: kaggleLine) == .kaggleJSONL)
        let hfPaper = Data(#"{"id":"2607.08964","authors":[{"name":"A"}],"publishedAt":"2026-07-09T00:00:00.000Z","title":"T","summary":"S","upvotes":38}"#.utf8)
        #expect(InputFormat.detect(path: "paper.json", prefix: hfPaper) == .hfPaper)
    }

    @Test func unknownContentIsNil() {
        #expect(InputFormat.detect(path: "notes.txt", prefix: Data("hello world".utf8)) == nil)
        #expect(InputFormat.detect(path: "page.html", prefix: Data("<html><body>503</body></html>".utf8)) == nil)
        #expect(InputFormat.detect(path: "empty", prefix: Data()) == nil)
    }

    @Test func importSourceRejectsAnUnknownFile() throws {
        let file = try temporaryDirectory().appendingPathComponent("notes.txt")
        try Data("just some notes\n".utf8).write(to: file)
        #expect(throws: IngestError.unrecognizedFormat(file: file.path)) { try ImportSource(url: file) }
    }
}
