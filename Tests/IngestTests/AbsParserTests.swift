import Foundation
import PaperboyCore
import Testing
@testable import Ingest

@Suite struct AbsParserTests {
    @Test func newStyleWithRevision() throws {
        let p = try AbsParser.paper(Fixture.data("abs/0704.0001.abs"))
        #expect(p.id == "0704.0001" && p.version == 2)
        #expect(p.submitter == "Pavel Nadolsky")
        #expect(p.published == utc("2007-04-02T19:18:42Z") && p.updated == utc("2007-07-24T20:10:27Z"))
        #expect(p.title == "Calculation of prompt diphoton production cross sections at Tevatron and LHC energies")
        // The `Authors:` line is TeX: Bal\'azs.
        #expect(p.authors.map(\.name) == ["C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C.-P. Yuan"])
        #expect(p.categories == ["hep-ph"])
        #expect(p.reportNo == "ANL-HEP-PR-07-12" && p.doi == "10.1103/PhysRevD.76.013009")
        #expect(p.journalRef == "Phys.Rev.D76:013009,2007")
        #expect(p.abstract.hasPrefix("A fully differential calculation") && p.abstract.hasSuffix("judicious selection of events."))
    }

    @Test func agreesWithTheKaggleRecordOfTheSamePaper() throws {
        let abs = try AbsParser.paper(Fixture.data("abs/0704.0001.abs"))
        let line = try String(contentsOf: Fixture.url("kaggle/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl"), encoding: .utf8)
            .split(separator: "\n")[0]
        let kaggle = try KaggleRecord.paper(from: JSONParser.parse(Array(line.utf8)))
        #expect(abs.title == kaggle.title && abs.abstract == kaggle.abstract)
        #expect(abs.published == kaggle.published && abs.updated == kaggle.updated && abs.version == kaggle.version)
        #expect(abs.categories == kaggle.categories && abs.doi == kaggle.doi)
    }

    @Test func latin1File() throws {
        let data = try Fixture.data("abs/1607.08199.abs")
        #expect(String(data: data, encoding: .utf8) == nil)   // really not UTF-8
        let p = try AbsParser.paper(data)
        #expect(p.id == "1607.08199" && p.version == 5)
        #expect(p.journalRef == "Épijournal de Géométrie Algébrique, Volume 1 (September 1, 2017) epiga:3255")
        #expect(p.authors.map(\.name) == ["Marcello Bernardara", "Emanuele Macrì", "Benjamin Schmidt", "Xiaolei Zhao"])
        #expect(p.license == "http://creativecommons.org/licenses/by-sa/4.0/")
        #expect(p.categories == ["math.AG"])
    }

    @Test func oldStyleIDThreeVersions() throws {
        let p = try AbsParser.paper(Fixture.data("abs/9901001.abs"))
        #expect(p.id == "hep-th/9901001" && p.version == 3)
        #expect(p.updated == utc("1999-05-10T04:45:54Z"))
        #expect(p.authors.map(\.name) == ["Yosuke Imamura"])
        #expect(p.doi == "10.1143/PTP.101.1155")
    }

    @Test func origVersionWithAffiliationsAndNoCategories() throws {
        let p = try AbsParser.paper(Fixture.data("abs/9709111v1.abs"))
        #expect(p.id == "hep-th/9709111" && p.version == 1)
        #expect(p.authors.map(\.name) == ["Andrea Brignole", "Ferruccio Feruglio", "Fabio Zwirner"])
        #expect(p.authors.map(\.affiliation) == ["CERN-TH", "Padua Univ.", "INFN-Padua"])
        #expect(p.categories.isEmpty)
        #expect(p.reportNo == "CERN-TH/97-244, DFPD~97/TH/35")
    }

    @Test func emptyFileIsARecordError() {
        #expect { try AbsParser.paper(Data()) } throws: { "\($0)" == "empty file" }
    }

    @Test(.enabled(if: Fixture.hasShared, "needs shared/data/arxiv-metadata/abs"))
    func everyNonEmptySharedFileParses() throws {
        let root = Fixture.sharedData("arxiv-metadata/abs")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "abs" }
        var parsed = 0, failures: [String] = []
        for file in files {
            let data = try Data(contentsOf: file)
            guard !data.isEmpty else { continue }
            do { _ = try AbsParser.paper(data); parsed += 1 } catch { failures.append("\(file.lastPathComponent): \(error)") }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        #expect(parsed == 1191)   // 1,192 files, one of them empty (math-ph/0509037)
    }
}
