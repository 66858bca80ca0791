import Foundation
import PaperboyCore
import Testing
@testable import Web

/// The hand-written JSON of paper lists is byte for byte what `JSONEncoder` writes.
@Suite struct APIJSONWriterTests {
    static func viaEncoder(_ items: [APIDailyItem]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(items), as: UTF8.self)
    }

    @Test
    func realPapersMatchTheEncoder() throws {
        let items = Fixture.samplePapers.enumerated().map { i, paper in
            APIDailyItem(paper, links: CodeLinks(paper), votes: i, trendingScore: i % 2 == 0 ? Double(i) / 7 : nil, score: i % 3 == 0 ? Double(i) : nil,
                         publicURL: "http://127.0.0.1:8080")
        }
        #expect(items.count == 200)
        #expect(APIJSONWriter.encode(items) == (try Self.viaEncoder(items)))
    }

    @Test func everyFieldAndHostileTextMatchTheEncoder() throws {
        var paper = Fixture.hostile
        paper.abstract += " Control \u{1} \u{1F} tab\tnew\nline\r back\\slash / é 日本 🚀 \u{2028}"
        paper.hub = HubInfo(upvotes: 3, submittedBy: "someone", submittedOnDailyAt: Fixture.date("2007-03-21"), numComments: 2,
                            githubRepo: "https://github.com/a/b", githubStars: 5, projectPage: "https://example.org/p",
                            aiSummary: "A \"summary\"", aiKeywords: ["k1", "k2"])
        paper.journalRef = "J. Ref"; paper.license = "http://creativecommons.org/licenses/by/4.0/"
        paper.updated = Fixture.date("2007-03-25"); paper.announced = Day("2007-03-22")
        // Every link, and a correction that put another repository in place of the one with stars.
        let links = CodeLinks(github: "https://github.com/a/b", gitlab: "https://gitlab.com/c/d", huggingFace: "https://huggingface.co/e/f",
                              projectPage: "https://example.org/p?q=\"x\"")
        let items = [APIDailyItem(paper, links: links, trendingScore: 0.1 + 0.2, score: -2.5e-7, publicURL: "https://hub.example"),
                     APIDailyItem(paper, links: CodeLinks(github: "https://github.com/x/y"), score: 3, publicURL: ""),
                     APIDailyItem(paper, links: nil, score: 3, publicURL: "")]
        #expect(items[0].paper.githubStars == 5 && items[1].paper.githubStars == nil)
        #expect(APIJSONWriter.encode(items) == (try Self.viaEncoder(items)))
        #expect(APIJSONWriter.encode([]) == "[]")
    }
}
