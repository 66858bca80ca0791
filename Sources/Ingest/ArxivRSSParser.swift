import Foundation
import PaperboyCore

/// One rss.arxiv.org listing: the papers announced on `day`.
public struct RSSListing: Sendable {
    public var papers: [Paper]
    /// Base id → `new`, `cross`, `replace` or `replace-cross`.
    public var announceTypes: [String: String]
    /// The announcement day (the channel's `pubDate`); nil only when the feed has none.
    public var day: Day?
    public init(papers: [Paper], announceTypes: [String: String], day: Day?) {
        self.papers = papers; self.announceTypes = announceTypes; self.day = day
    }
}

/// Parses the RSS 2.0 listing feeds; an empty (weekend/holiday) feed is an empty listing,
/// the `Feed error for query` channel throws `ArxivFeedError`.
public enum ArxivRSSParser {
    public static func parse(_ data: Data) throws -> RSSListing {
        let (listing, problems) = try parseRecords(data, file: "arXiv RSS feed")
        if let first = problems.first { throw first }
        return listing
    }

    static func parseRecords(_ data: Data, file: String) throws -> (RSSListing, [RecordError]) {
        let rss = try XMLDocumentParse.root(data, file: file, expecting: "rss")
        guard let channel = rss.child("channel") else {
            throw IngestError.malformedDocument(file: file, reason: "RSS without a <channel>")
        }
        if channel.string("title")?.hasPrefix("Feed error for query") == true {
            throw ArxivFeedError(channel.string("description") ?? channel.string("title") ?? "feed error")
        }
        let day = channel.string("pubDate").flatMap(Timestamps.rfc822Day)
        var papers: [Paper] = [], types: [String: String] = [:], problems: [RecordError] = []
        for (n, item) in channel.children("item").enumerated() {
            do {
                let paper = try self.paper(item, channelDay: day)
                papers.append(paper)
                if let type = item.string("announce_type") { types[paper.id] = type }
            } catch {
                problems.append(RecordError(file: file, line: n + 1, reason: "item \(n + 1): \(error)"))
            }
        }
        return (RSSListing(papers: papers, announceTypes: types, day: day), problems)
    }

    static func paper(_ item: XNode, channelDay: Day?) throws -> Paper {
        // The guid (`oai:arXiv.org:2411.17700v1`) carries the version; the link does not.
        guard let raw = item.string("guid") ?? item.string("link") else { throw RecordProblem("missing <guid> and <link>") }
        guard let id = ArxivID(raw) else { throw RecordProblem("not an arXiv id: \"\(raw)\"") }
        guard let title = item.string("title") else { throw RecordProblem("\(raw): missing <title>") }
        return Paper(id: id.base, version: id.version ?? 1, title: title, abstract: abstract(item.string("description") ?? ""),
                     authors: AuthorList.parse(item.string("creator") ?? ""),
                     categories: item.children("category").map(\.trimmedText),
                     announced: item.string("pubDate").flatMap(Timestamps.rfc822Day) ?? channelDay,
                     journalRef: item.string("journal_reference"), doi: item.string("DOI"), license: item.string("rights"))
    }

    /// `arXiv:2411.17700v1 Announce Type: new \nAbstract: …` → the text after `Abstract:`.
    static func abstract(_ description: String) -> String {
        guard let r = description.range(of: "Abstract:") else { return description }
        return String(description[r.upperBound...])
    }
}
