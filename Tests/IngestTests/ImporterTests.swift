import Foundation
import PaperboyCore
import PaperboyStore
import Testing
@testable import Ingest

@Suite struct ImporterTests {
    let sample = Fixture.url("kaggle/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl")

    /// Writes `lines` to a fresh JSON Lines file.
    func jsonl(_ lines: [String]) throws -> URL {
        let file = try temporaryDirectory().appendingPathComponent("records.jsonl")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    func sampleLines(_ n: Int) throws -> [String] {
        try String(contentsOf: sample, encoding: .utf8).split(separator: "\n").prefix(n).map(String.init)
    }

    @Test func importThenReimportChangesNothing() async throws {
        let store = try SQLiteStore.inMemory()
        let first = try await Importer(store: store, batchSize: 64).run(files: [sample])
        #expect(first.read == 200 && first.inserted == 200 && first.updated == 0 && first.skipped == 0)
        #expect(try await store.stats().papers == 200)

        let stored = try #require(try await store.paper(id: "0704.0001"))
        #expect(stored.version == 2 && stored.doi == "10.1103/PhysRevD.76.013009")
        #expect(stored.authors.first?.name == "C. Balázs")

        // Without resuming, every record is read again and the store recognises it as unchanged.
        let again = try await Importer(store: store, batchSize: 64, resume: false).run(files: [sample])
        #expect(again.read == 200 && again.inserted == 0 && again.updated == 0 && again.unchanged == 200)
        #expect(try await store.paper(id: "0704.0001") == stored)

        // Resuming, the checkpoint says the whole file is in: nothing is read.
        let resumed = try await Importer(store: store, batchSize: 64).run(files: [sample])
        #expect(resumed.read == 0 && resumed.resumed == 200)
        #expect(try await store.stats().papers == 200)
    }

    @Test func malformedRecordsAreSkippedAndReported() async throws {
        let good = try sampleLines(3)
        let file = try jsonl([good[0], "{not json", #"{"title": "no id"}"#, good[1], #"{"id": "12345", "title": "x"}"#, good[2]])
        let store = try SQLiteStore.inMemory()
        let report = try await Importer(store: store, batchSize: 2).run(files: [file])
        #expect(report.read == 6 && report.inserted == 3 && report.skipped == 3)
        #expect(report.skipReasons.map(\.line) == [2, 3, 5])
        #expect(report.skipReasons.map(\.description)[2] == "\(file.path):5: not an arXiv id: \"12345\"")
        #expect(try await store.stats().papers == 3)
    }

    @Test func strictAbortsWithoutWritingTheBadBatch() async throws {
        let good = try sampleLines(5)
        // Batches of two: [1, 2] is written; [3, bad] must not be, not even paper 3.
        let file = try jsonl([good[0], good[1], good[2], #"{"id": "0704.0004"}"#, good[4]])
        let store = try SQLiteStore.inMemory()
        await #expect(throws: RecordError(file: file.path, line: 4, reason: "0704.0004: missing \"title\"")) {
            try await Importer(store: store, batchSize: 2, strict: true).run(files: [file])
        }
        let ids = try await store.papers(ids: ["0704.0001", "0704.0002", "0704.0003", "0704.0005"]).map(\.id)
        #expect(ids == ["0704.0001", "0704.0002"])
    }

    @Test func truncatedGzipFailsCleanly() async throws {
        let whole = try Fixture.data("kaggle/arxiv-cs-2025-2026_first50.jsonl.gz")
        let file = try temporaryDirectory().appendingPathComponent("cut.jsonl.gz")
        try whole.prefix(whole.count / 2).write(to: file)
        let store = try SQLiteStore.inMemory()
        await #expect(throws: IngestError.self) {
            try await Importer(store: store, batchSize: 10).run(files: [file])
        }
        // Only whole batches were committed, and every stored paper is complete.
        let count = try await store.stats().papers
        #expect(count % 10 == 0 && count < 50)
        let ids = try await ImportSourceIDs.all(Fixture.url("kaggle/arxiv-cs-2025-2026_first50.jsonl.gz"))
        let stored = try await store.papers(ids: ids)
        #expect(stored.count == count && stored.allSatisfy { !$0.title.isEmpty && !$0.abstract.isEmpty })
    }

    @Test func killedImportResumesToTheRightContents() async throws {
        let base = try SQLiteStore.inMemory()
        // Dies while writing the third batch of 50.
        await #expect(throws: FailingStore.Killed.self) {
            try await Importer(store: FailingStore(base: base, failOnCall: 3), batchSize: 50).run(files: [sample])
        }
        let afterKill = try await base.stats().papers
        #expect(afterKill == 100)
        let rerun = try await Importer(store: base, batchSize: 50).run(files: [sample])
        #expect(rerun.resumed == 100 && rerun.read == 100 && rerun.inserted == 100)
        #expect(try await base.stats().papers == 200)
    }

    @Test func unknownFileFailsBeforeAnythingIsWritten() async throws {
        let notes = try temporaryDirectory().appendingPathComponent("notes.txt")
        try Data("hello\n".utf8).write(to: notes)
        let store = try SQLiteStore.inMemory()
        await #expect(throws: IngestError.unrecognizedFormat(file: notes.path)) {
            try await Importer(store: store).run(files: [sample, notes])
        }
        #expect(try await store.stats().papers == 0)
    }

    @Test func documentFormatsImportAndMergeHubInfo() async throws {
        let store = try SQLiteStore.inMemory()
        let report = try await Importer(store: store).run(files: [
            Fixture.url("oai/ListRecordsResponse.xml"), Fixture.url("atom/q_testing_s10_m10.xml"),
            Fixture.url("abs/9901001.abs"), Fixture.url("hf/daily_papers_2026-07-13_ai-weekly-radar.json"),
        ])
        #expect(report.inserted == 6 + 10 + 1 + 25 && report.skipped == 0)
        let hf = try #require(try await store.paper(id: "2607.08964"))
        #expect(hf.hub?.upvotes == 38)
    }
}

/// The ids in a Kaggle file, read independently of the importer under test.
enum ImportSourceIDs {
    static func all(_ url: URL) async throws -> [String] {
        let source = try ImportSource(url: url)
        var ids: [String] = []
        while let batch = try source.nextBatch(max: 100) { ids += batch.compactMap { try? $0.get().id } }
        return ids
    }
}

@Suite struct SavedErrorResponseTests {
    @Test func savedOAIErrorNamesTheFile() async throws {
        let file = Fixture.url("oai/ErrorResponseBadVerb.xml")
        await #expect(throws: IngestError.malformedDocument(file: file.path, reason: "holds an error response: OAI-PMH error badVerb: Bad verb. Verb 'wah' not implemented.")) {
            try await Importer.dryRun(files: [file])
        }
    }
}
