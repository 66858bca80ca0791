import Testing
@testable import PaperboyCore

@Suite struct ArxivIDTests {
    @Test(arguments: [
        ("2403.01234", "2403.01234", nil),
        ("2403.01234v2", "2403.01234", 2),
        ("arXiv:0704.0001v1", "0704.0001", 1),
        ("hep-th/9901001", "hep-th/9901001", nil),
        ("math.GT/0309136v3", "math.GT/0309136", 3),
        ("https://arxiv.org/abs/2403.01234v3", "2403.01234", 3),
        ("http://export.arxiv.org/abs/hep-th/9901001v2", "hep-th/9901001", 2),
        ("https://arxiv.org/pdf/2403.01234v1.pdf", "2403.01234", 1),
        ("https://arxiv.org/pdf/2403.01234", "2403.01234", nil),
        ("arxiv.org/html/2403.01234v2#S3", "2403.01234", 2),
        ("  oai:arXiv.org:1401.2122 ", "1401.2122", nil),
    ] as [(String, String, Int?)])
    func parsesTheFormsPeoplePaste(raw: String, base: String, version: Int?) throws {
        let id = try #require(ArxivID(raw))
        #expect(id.base == base)
        #expect(id.version == version)
    }

    @Test(arguments: ["", "abc", "2403.123", "2413.01234", "2403.012345", "2403.01234v", "2403.01234v0",
                      "hep-th/990100", "/9901001", "2403.01234vx", "https://example.org/abs/2403.01234x",
                      "'; DROP TABLE paper; --", "2403.01234\u{0}"])
    func rejectsWhatIsNotAnID(raw: String) {
        #expect(ArxivID(raw) == nil)
    }

    @Test func printsVersionedFormAndLinks() throws {
        let id = try #require(ArxivID("2403.01234v2"))
        #expect(id.description == "2403.01234v2")
        #expect(id.absURL == "https://arxiv.org/abs/2403.01234v2")
        #expect(id.pdfURL == "https://arxiv.org/pdf/2403.01234v2")
        #expect(ArxivID("2403.01234")!.description == "2403.01234")
        #expect(ArxivID("hep-th/9901001")!.isOldStyle)
    }
}
