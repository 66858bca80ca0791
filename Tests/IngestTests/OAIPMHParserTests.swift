import Foundation
import PaperboyCore
import Testing
@testable import Ingest

@Suite struct OAIPMHParserTests {
    @Test func arXivRawListRecordsWithResumptionToken() throws {
        let page = try OAIPMHParser.parse(Fixture.data("oai/ListRecordsResponse.xml"))
        #expect(page.records.map(\.id) == ["0704.0471", "0704.0716", "0704.0874", "0704.1109", "0704.1114", "0704.1586"])
        #expect(page.resumptionToken == "726959|1001")
        #expect(page.cursor == 0 && page.completeListSize == 58_011)
        #expect(page.responseDate == "2015-01-06T20:49:59Z")
        #expect(page.latestDatestamp == "2014-12-22")
        #expect(page.deleted.isEmpty)

        let first = page.records[0]
        #expect(first.submitter == "Dinesh Shetty")
        // "D.V. Shetty, S.J. Yennello, and G.A. Souliotis": commas and the Oxford "and".
        #expect(first.authors.map(\.name) == ["D.V. Shetty", "S.J. Yennello", "G.A. Souliotis"])
        #expect(first.categories == ["nucl-ex", "nucl-th"])
        #expect(first.version == 1 && first.published == utc("2007-04-03T22:04:11Z"))
        #expect(first.doi == "10.1103/PhysRevC.76.024606 10.1103/PhysRevC.76.039902")
        #expect(first.abstract.contains("extremely \" stiff \" and \" soft \""))

        let second = page.records[1]
        #expect(second.version == 4)
        #expect(second.published == utc("2007-04-05T12:45:03Z"))
        #expect(second.updated == utc("2008-11-14T09:07:25Z"))
        #expect(page.records[3].authors.map(\.name) == ["Valeria M. Rosa", "Patricio S. letelier"])
    }

    @Test func arXivRawGetRecord() throws {
        let page = try OAIPMHParser.parse(Fixture.data("oai/GetRecordResponse.xml"))
        let p = try #require(page.records.first)
        #expect(page.records.count == 1 && page.resumptionToken == nil)
        #expect(p.id == "1302.2146" && p.version == 2)
        #expect(p.title == "The Same-Sign Dilepton Signature of RPV/MFV SUSY")
        #expect(p.authors.map(\.name) == ["Joshua Berger", "Maxim Perelstein", "Michael Saelim", "Philip Tanedo"])
        #expect(p.categories == ["hep-ph", "hep-ex"])
        #expect(p.license == "http://arxiv.org/licenses/nonexclusive-distrib/1.0/")
        #expect(p.published == utc("2013-02-08T21:00:01Z") && p.updated == utc("2013-04-02T01:50:08Z"))
    }

    @Test func arXivFormatStructuredAuthors() throws {
        let page = try OAIPMHParser.parse(Fixture.data("oai/ListRecords_arXiv_set-physics-hep-ex_2017-12-14.xml"))
        #expect(page.records.map(\.id) == ["1706.05371", "1706.09418", "1707.00874"])
        let p = page.records[0]
        #expect(p.authors.count == 13)
        #expect(p.authors[0].keyname == "Anderson" && p.authors[0].forenames == "Tyler" && p.authors[0].name == "Tyler Anderson")
        #expect(p.authors.last?.name == "Mani Tripathi")
        #expect(p.categories == ["physics.ins-det", "hep-ex"])
        #expect(p.published == utc("2017-06-16T00:00:00Z") && p.updated == utc("2017-12-12T00:00:00Z"))
        #expect(p.title == "Evaluation of Silicon Photomultipliers for use as Photosensors in Liquid Xenon Detectors")
        #expect(p.comments == "10 pages, 9 figures")
        #expect(page.latestDatestamp == "2017-12-14")
    }

    @Test(arguments: [
        ("oai/ErrorResponseBadResumptionToken.xml", "badResumptionToken"),
        ("oai/ErrorResponseIdDoesNotExist.xml", "idDoesNotExist"),
        ("oai/ErrorResponseBadArgument.xml", "badArgument"),
        ("oai/ErrorResponseBadVerb.xml", "badVerb"),
    ])
    func errorsAreTyped(file: String, code: String) throws {
        #expect {
            try OAIPMHParser.parse(Fixture.data(file))
        } throws: { error in
            guard let oai = error as? OAIError else { return false }
            return oai.code == code && !oai.message.isEmpty
        }
    }

    @Test func badResumptionTokenMessage() throws {
        #expect(throws: OAIError(code: "badResumptionToken", message: "The resumptionToken supplied is illegal for this repository")) {
            try OAIPMHParser.parse(Fixture.data("oai/ErrorResponseBadResumptionToken.xml"))
        }
    }

    @Test func noRecordsMatchIsAnEmptyPage() throws {
        let page = try OAIPMHParser.parse(Fixture.data("oai/ErrorResponseNoRecordsMatch.xml"))
        #expect(page.records.isEmpty && page.deleted.isEmpty && page.resumptionToken == nil)
        #expect(page.responseDate == "2015-06-23T13:28:30Z")
    }

    /// No real recording with tombstones or oai_dc exists in the shared data (see its
    /// SOURCES.md), so this page is hand-written from the OAI-PMH 2.0 specification's examples.
    @Test func deletedRecordsAndDublinCore() throws {
        let xml = """
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/">
        <responseDate>2024-01-02T03:04:05Z</responseDate>
        <request verb="ListRecords" metadataPrefix="oai_dc">http://export.arxiv.org/oai2</request>
        <ListRecords>
        <record><header status="deleted"><identifier>oai:arXiv.org:hep-th/9901002</identifier><datestamp>2023-12-30</datestamp></header></record>
        <record><header><identifier>oai:arXiv.org:0704.0002</identifier><datestamp>2023-12-31</datestamp><setSpec>math</setSpec><setSpec>cs</setSpec></header>
        <metadata><oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <dc:title>Sparsity-certifying Graph Decompositions</dc:title>
        <dc:creator>Streinu, Ileana</dc:creator><dc:creator>Theran, Louis</dc:creator>
        <dc:subject>Mathematics - Combinatorics</dc:subject>
        <dc:description>  We describe a new algorithm, the $(k,\\ell)$-pebble game with colors.</dc:description>
        <dc:description>Comment: To appear in Graphs and Combinatorics</dc:description>
        <dc:date>2007-03-31</dc:date><dc:date>2008-12-13</dc:date>
        <dc:type>text</dc:type><dc:identifier>http://arxiv.org/abs/0704.0002</dc:identifier>
        </oai_dc:dc></metadata></record>
        <resumptionToken cursor="0" completeListSize="2"></resumptionToken>
        </ListRecords></OAI-PMH>
        """
        let page = try OAIPMHParser.parse(Data(xml.utf8))
        #expect(page.deleted == ["hep-th/9901002"])
        #expect(page.resumptionToken == nil)   // an empty token ends the list
        #expect(page.completeListSize == 2)
        #expect(page.latestDatestamp == "2023-12-31")
        let p = try #require(page.records.first)
        #expect(p.id == "0704.0002" && p.version == 2)
        #expect(p.authors.map(\.name) == ["Ileana Streinu", "Louis Theran"])
        #expect(p.authors[0].keyname == "Streinu")
        #expect(p.abstract == "We describe a new algorithm, the $(k,\\ell)$-pebble game with colors.")
        #expect(p.published == utc("2007-03-31T00:00:00Z") && p.updated == utc("2008-12-13T00:00:00Z"))
    }

    @Test func truncatedResponseIsAParseErrorWithPosition() throws {
        let whole = try Fixture.data("oai/ListRecordsResponse.xml")
        #expect {
            try OAIPMHParser.parse(whole.prefix(4000))
        } throws: { error in
            guard case .malformedXML(_, let line, let column, let reason)? = error as? IngestError else { return false }
            return line > 1 && column >= 0 && reason.contains("unexpected end of document")
        }
    }

    @Test func garbageIsAParseError() {
        #expect(throws: IngestError.self) { try OAIPMHParser.parse(Data("<OAI-PMH><ListRecords><record></OAI-PMH>".utf8)) }
        #expect(throws: IngestError.self) { try OAIPMHParser.parse(Data("not xml at all".utf8)) }
    }
}
