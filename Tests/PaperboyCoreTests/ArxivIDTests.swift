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

    /// The byte-level fast path (`bare`) accepts only what the general parser reads, and reads
    /// it the same: checked on ids of every shape and on every one-byte change and truncation
    /// of them.
    @Test func fastPathAgreesWithGeneralParser() {
        let seeds = ["2403.01234", "2403.01234v2", "0704.0001v12", "1501.00001", "hep-th/9901001", "hep-th/9901001v3",
                     "cond-mat/0001001v1", "solv-int/9901001", "math.GT/0309136v3", "q-alg/9701001v10"]
        let replacements: [UInt8] = Array("v/.-aZ09 :#?".utf8) + [0x00, 0xC3]
        var candidates = Set(seeds)
        for seed in seeds {
            let bytes = Array(seed.utf8)
            for i in bytes.indices {
                candidates.insert(String(decoding: bytes[..<i], as: UTF8.self))
                for r in replacements {
                    var changed = bytes
                    changed[i] = r
                    candidates.insert(String(decoding: changed, as: UTF8.self))
                    changed.insert(r, at: i)
                    candidates.insert(String(decoding: changed, as: UTF8.self))
                }
            }
        }
        var fast = 0
        for raw in candidates {
            guard let id = ArxivID.bare(raw) else { continue }
            fast += 1
            #expect(ArxivID.parse(raw) == id, "\(raw)")
        }
        #expect(fast > 100)   // the fast path is taken, not only refused
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
