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
        var papers: [Paper] = [], types: [String: String] = [:], problems: [RecordError] = []
        let day = try stream(.data(data), file: file, limits: .standard, announceType: { types[$0] = $1 }) { record in
            switch record {
            case .success(let paper): papers.append(paper)
            case .failure(let problem): problems.append(problem)
            }
        }
        return (RSSListing(papers: papers, announceTypes: types, day: day), problems)
    }

    /// Reads the items one at a time, handing each on as soon as it is read (and its
    /// announce type, by base id); returns the channel's day. An item without its own
    /// `pubDate` takes the channel's, which arXiv writes before the items. Throws
    /// `ArxivFeedError` for the error channel.
    static func stream(_ input: XMLInput, file: String, limits: ImportLimits, announceType: (String, String) -> Void,
                       record: (Result<Paper, RecordError>) throws -> Void) throws -> Day? {
        func feedError(_ channel: XNode) -> ArxivFeedError? {
            guard channel.string("title")?.hasPrefix("Feed error for query") == true else { return nil }
            return ArxivFeedError(channel.string("description") ?? channel.string("title") ?? "feed error")
        }
        let rss = try XMLDocumentParse.records(input, file: file, layout: .rss, limits: limits) { item, n, channel in
            if n == 1, let error = feedError(channel) { throw error }
            try record(item.flatMap { item in
                Result {
                    let paper = try self.paper(item, channelDay: channel.string("pubDate").flatMap(Timestamps.rfc822Day))
                    if let type = item.string("announce_type") { announceType(paper.id, type) }
                    return paper
                }.mapError { RecordError(file: file, line: n, reason: "item \(n): \($0)") }
            })
        }
        guard let channel = rss.child("channel") else {
            throw IngestError.malformedDocument(file: file, reason: "RSS without a <channel>")
        }
        if let error = feedError(channel) { throw error }
        return channel.string("pubDate").flatMap(Timestamps.rfc822Day)
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
