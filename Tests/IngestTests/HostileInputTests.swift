import Foundation
import PaperboyCore
import PaperboyStore
import Testing
@testable import Ingest

/// Issue 13's defects in the importers: NULs, entities, sizes and error messages.
@Suite struct HostileInputTests {
    func file(_ name: String, _ text: String) throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    func line(id: String, title: String, abstract: String = "An abstract.") -> String {
        #"{"id":"\#(id)","title":"\#(title)","abstract":"\#(abstract)","categories":"cs.CL","versions":[{"version":"v1","created":"Mon, 2 Apr 2007 19:18:42 GMT"}]}"#
    }

    func atom(_ doctype: String, title: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        \(doctype)
        <feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/abs/2603.12267v1</id>
        <title>\(title)</title><summary>Text &amp; more &lt;b&gt; &#65;.</summary></entry></feed>
        """
    }

    /// Defect 3: "Before\u0000After" was stored as "Before".
    @Test func nulIsDroppedNotTheRestOfTheField() async throws {
        let store = try SQLiteStore.inMemory()
        let url = try file("nul.jsonl", line(id: "0704.0001", title: #"Before\u0000After"#, abstract: #"One\u0000two \u0000three"#))
        let report = try await Importer(store: store).run(files: [url])
        #expect(report.inserted == 1)
        let paper = try #require(try await store.paper(id: "0704.0001"))
        #expect(paper.title == "BeforeAfter" && paper.abstract == "Onetwo three")

        // The store drops NULs itself, whatever built the paper (fields set after init skip its clean-up).
        var direct = Paper(id: "0704.0002", title: "x", abstract: "y", authors: [Author(name: "A\0B")], doi: "10.1/\0z")
        direct.title = "Keep\0this"
        direct.comments = "c\0d"
        _ = try await store.upsert([direct])
        let stored = try #require(try await store.paper(id: "0704.0002"))
        #expect(stored.title == "Keepthis" && stored.comments == "cd" && stored.authors.first?.name == "AB" && stored.doi == "10.1/z")
        // Stored as written: importing the same paper again changes nothing.
        #expect(try await store.upsert([direct]).unchanged == 1)
    }

    /// Defect 4: an external or undefined entity dropped the rest of its text node.
    @Test func entitiesKeepTheTextAroundThemAndAreNeverResolved() throws {
        let xxe = #"<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd"> <!ENTITY % p SYSTEM "file:///etc/hosts"> %p;]>"#
        let cases = [
            (xxe, "XXEFILE title &xxe; END", "XXEFILE title &xxe; END"),
            ("", "undefined &foo; END", "undefined &foo; END"),
            (#"<!DOCTYPE feed [<!ENTITY a "AAA">]>"#, "internal &a; END", "internal &a; END"),
            (#"<!DOCTYPE feed [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>"#,
             "lol &c; END", "lol &c; END"),
            ("", "<![CDATA[raw &x; kept]]> and &amp;", "raw &x; kept and &"),
        ]
        for (doctype, title, expected) in cases {
            let (page, problems) = try ArxivAtomParser.parseRecords(Data(atom(doctype, title: title).utf8), file: "t.xml")
            #expect(problems.isEmpty)
            #expect(page.papers.first?.title == expected, "\(title)")
            #expect(page.papers.first?.abstract == "Text & more <b> A.")
            #expect(page.papers.first.map { !$0.abstract.contains("root:") } == true)
        }
    }

    /// The guard leaves what it does not need to touch byte for byte alone.
    @Test func entityGuardKeepsPlainDocumentsAndLineNumbers() {
        let plain = Data("<a>x &amp; &#x41; &lt;</a>".utf8)
        #expect(XMLEntityGuard.neutralize(plain) == plain)
        let doc = Data("<!DOCTYPE a [\n<!ENTITY e 'x'>\n]>\n<a>&e;</a>".utf8)
        let out = String(decoding: XMLEntityGuard.neutralize(doc), as: UTF8.self)
        #expect(out.filter { $0 == "\n" }.count == 3 && out.hasSuffix("<a>&amp;e;</a>") && !out.contains("ENTITY"))
    }

    /// Defect 5: per-field and per-line limits, with a reason, and the rest of the file imported.
    @Test func oversizedRecordsAreSkippedWithTheFieldAndLimit() async throws {
        let limits = ImportLimits.standard
        let hugeTitle = String(repeating: "t", count: limits.titleBytes + 1)
        let hugeLine = line(id: "0704.0003", title: "x", abstract: String(repeating: "a ", count: limits.lineBytes / 2 + 10))
        let url = try file("big.jsonl", [line(id: "0704.0001", title: "Fine"), line(id: "0704.0002", title: hugeTitle), hugeLine,
                                         line(id: "0704.0004", title: "Also fine")].joined(separator: "\n"))
        let store = try SQLiteStore.inMemory()
        let report = try await Importer(store: store).run(files: [url])
        #expect(report.inserted == 2 && report.skipped == 2)
        #expect(report.skipReasons.map(\.reason) == [
            "0704.0002: title is \(limits.titleBytes + 1) bytes, longer than the \(limits.titleBytes) allowed",
            "line of \(hugeLine.utf8.count) bytes is longer than the \(limits.lineBytes) allowed (not read)",
        ])
        #expect(report.skipReasons.map(\.line) == [2, 3])
        var many = Paper(id: "0704.0005", title: "x", abstract: "y")
        many.authors = Array(repeating: Author(name: "A"), count: limits.authors + 1)
        #expect(limits.problem(many) == "0704.0005: \(limits.authors + 1) authors, more than the \(limits.authors) allowed")
        many.authors = []
        many.comments = String(repeating: "c", count: limits.commentsBytes + 1)
        #expect(limits.problem(many)?.contains("comments is") == true)
    }

    /// An over-long line at the very end (no newline) and lines around the buffer size.
    @Test func lineReaderSkipsLongLinesWithoutHoldingThem() throws {
        let url = try file("lines.txt", "short\n" + String(repeating: "x", count: 100) + "\nok\n" + String(repeating: "y", count: 70))
        let reader = try LineReader(path: url.path, bufferSize: 16, maxLineBytes: 64)
        var seen: [String] = []
        while let s = try reader.nextLine({ String(decoding: $0, as: UTF8.self) }, overlong: { "<\($0)>" }) { seen.append(s) }
        #expect(seen == ["short", "<100>", "ok", "<70>"])
    }

    /// Defect 6: a wrong-typed field is named as such, not as missing.
    @Test func wrongTypesAreNamed() async throws {
        let url = try file("types.jsonl", [#"{"id":12345,"title":"x"}"#, #"{"id":"0704.0001","title":["x"]}"#,
                                           #"{"id":"0704.0002","title":"x","abstract":7}"#, #"{"id":"0704.0003","title":"x","comments":null}"#]
            .joined(separator: "\n"))
        let report = try await Importer.dryRun(files: [url])
        #expect(report.skipReasons.map(\.reason) == [
            #""id" must be a string, not a number"#, #"0704.0001: "title" must be a string, not an array"#,
            #"0704.0002: "abstract" must be a string, not a number"#,
        ])
    }

    /// Defect 6: libxml2's numbers become words.
    @Test func xmlErrorNumbersAreExplained() {
        #expect(XMLTree.describe(code: 89).hasPrefix("entity expansion refused"))
        #expect(XMLTree.describe(code: 26).contains("parameter entity"))
        #expect(XMLTree.describe(code: 1).hasPrefix("document too large"))
        #expect(XMLTree.describe(code: 12345) == "libxml2 error 12345")
    }

    /// Defect 6: when an import aborts, the records skipped before are still reported.
    @Test func skipsAreReportedWhenTheImportAborts() async throws {
        let url = try file("abort.jsonl", [line(id: "0704.0001", title: "a"), #"{"id":"0704.0002"}"#,
                                           line(id: "0704.0003", title: "c"), line(id: "0704.0004", title: "d")].joined(separator: "\n"))
        let store = FailingStore(base: try SQLiteStore.inMemory(), failOnCall: 2)
        let heard = Heard()
        await #expect(throws: FailingStore.Killed.self) {
            try await Importer(store: store, batchSize: 2).run(files: [url], skipped: heard.add)
        }
        #expect(heard.reasons == [#"0704.0002: missing "title""#])
    }
}

final class Heard: @unchecked Sendable {
    private let lock = NSLock()
    private var all: [String] = []
    func add(_ e: RecordError) { lock.withLock { all.append(e.reason) } }
    var reasons: [String] { lock.withLock { all } }
}

/// Inputs the fuzzer found that crashed the process inside Foundation's `XMLParser` (a
/// processing instruction without data, also behind a broken XML declaration; an element name
/// that is not UTF-8). Each must now be refused or read, in every XML format, whole and streamed
/// in small chunks (as the fuzzer and a file import feed it), without a crash.
@Suite struct FuzzRegressionTests {
    @Test(arguments: ["empty-pi.xml", "pi-in-broken-declaration.xml", "invalid-utf8-name.xml", "atom-original.xml",
                      "oai-original.xml", "rss-original.xml"])
    func crashInputsAreHandled(file: String) throws {
        let data = try Fixture.data("fuzz-crashes/\(file)")
        for format in [InputFormat.arxivAtom, .oaiPMH, .rss] {
            var deleted: [String] = []
            let outcome = Result { try ImportSource.parseDocument(data, format: format, file: file, deleted: &deleted) }
            if case .failure(let error) = outcome { #expect("\(error)".contains(file), "\(format): \(error)") }
            let streamed = Result {
                try XMLRecordStream.parse(.chunks(of: data, size: 7), format: format, file: file, limits: .standard,
                                          deleted: { _ in }, record: { _ in })
            }
            if case .failure(let error) = streamed { #expect("\(error)".contains(file), "\(format), streamed: \(error)") }
        }
    }

    @Test func invalidUTF8IsRefusedWithItsPlace() {
        #expect(throws: IngestError.malformedXML(file: "f", line: 2, column: 2, reason: "byte 6 is not UTF-8 text (or is NUL); arXiv documents are UTF-8")) {
            _ = try XMLDocumentParse.root(Data([0x3C, 0x61, 0x3E, 0x0A, 0x78, 0xFF, 0x3C, 0x2F, 0x61, 0x3E]), file: "f", expecting: "a")
        }
        #expect(XMLEntityGuard.firstInvalidByte(Data("<a>é</a>".utf8)) == nil)
        #expect(XMLEntityGuard.firstInvalidByte(Data([0x3C, 0x00])) == 1)
    }

    @Test func processingInstructionsAreBlankedButTheDeclarationKept() {
        let doc = Data("<?xml version=\"1.0\"?>\n<?x?><a><?s data?>t</a>".utf8)
        let out = String(decoding: XMLEntityGuard.neutralize(doc), as: UTF8.self)
        #expect(out == "<?xml version=\"1.0\"?>\n     <a>          t</a>")
        // A broken declaration ends at its first `>`, as libxml2 reads it; what follows is guarded.
        let broken = Data("<?xml version='1.#'>\n<r><?x?></r>".utf8)
        #expect(String(decoding: XMLEntityGuard.neutralize(broken), as: UTF8.self) == "<?xml version='1.#'>\n<r>     </r>")
    }
}
