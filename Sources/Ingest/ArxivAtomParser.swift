import Foundation
import PaperboyCore

/// One page of the arXiv export API (`/api/query`): Atom 1.0 with OpenSearch counters.
public struct AtomPage: Sendable {
    public var papers: [Paper]
    /// Matches for the whole query; `startIndex` is this page's 0-based offset.
    public var totalResults: Int
    public var startIndex: Int
    public var itemsPerPage: Int
    public init(papers: [Paper], totalResults: Int, startIndex: Int, itemsPerPage: Int) {
        self.papers = papers; self.totalResults = totalResults; self.startIndex = startIndex; self.itemsPerPage = itemsPerPage
    }
}

/// Parses both the 2026 and the older export API layouts; throws `ArxivAPIError` for the
/// error feed and `IngestError.malformedXML` for broken XML.
public enum ArxivAtomParser {
    public static func parse(_ data: Data) throws -> AtomPage {
        let (page, problems) = try parseRecords(data, file: "arXiv API response")
        if let first = problems.first { throw first }
        return page
    }

    /// As `parse`, but an entry that cannot be read is reported instead of failing the page.
    static func parseRecords(_ data: Data, file: String) throws -> (AtomPage, [RecordError]) {
        var papers: [Paper] = [], problems: [RecordError] = []
        let feed = try stream(.data(data), file: file, limits: .standard) { record in
            switch record {
            case .success(let paper): papers.append(paper)
            case .failure(let problem): problems.append(problem)
            }
        }
        let page = AtomPage(papers: papers,
                            totalResults: feed.string("totalResults").flatMap { Int($0) } ?? papers.count,
                            startIndex: feed.string("startIndex").flatMap { Int($0) } ?? 0,
                            itemsPerPage: feed.string("itemsPerPage").flatMap { Int($0) } ?? papers.count)
        return (page, problems)
    }

    /// Reads the entries one at a time, handing each on as soon as it is read; returns the
    /// `<feed>` without them. Throws `ArxivAPIError` for the error feed.
    static func stream(_ input: XMLInput, file: String, limits: ImportLimits,
                       record: (Result<Paper, RecordError>) throws -> Void) throws -> XNode {
        try XMLDocumentParse.records(input, file: file, layout: .atom, limits: limits) { entry, n, _ in
            // The error feed: one entry titled "Error" whose id points at /api/errors.
            if n == 1, case .success(let e) = entry, e.string("title") == "Error", e.string("id")?.contains("/api/errors") == true {
                throw ArxivAPIError(e.string("summary") ?? "unknown error")
            }
            try record(entry.flatMap { entry in
                Result { try paper(entry) }.mapError { RecordError(file: file, line: n, reason: "entry \(n): \($0)") }
            })
        }
    }

    static func paper(_ e: XNode) throws -> Paper {
        guard let rawID = e.string("id") else { throw RecordProblem("missing <id>") }
        guard let id = ArxivID(rawID) else { throw RecordProblem("not an arXiv id: \"\(rawID)\"") }
        guard let title = e.string("title") else { throw RecordProblem("\(rawID): missing <title>") }
        let primary = e.child("primary_category")?.attributes["term"]
        let categories = [primary].compactMap { $0 } + e.children("category").compactMap { $0.attributes["term"] }
        let authors = e.children("author").compactMap { a -> Author? in
            guard let name = a.string("name") else { return nil }
            let affiliations = a.children("affiliation").map(\.trimmedText).filter { !$0.isEmpty }
            return Author(name: name, affiliation: affiliations.isEmpty ? nil : affiliations.joined(separator: "; "))
        }
        return Paper(id: id.base, version: id.version ?? 1, title: title, abstract: e.string("summary") ?? "",
                     authors: authors, categories: categories,
                     published: e.string("published").flatMap(Timestamps.iso8601),
                     updated: e.string("updated").flatMap(Timestamps.iso8601),
                     comments: e.string("comment"), journalRef: e.string("journal_ref"), doi: e.string("doi"))
    }
}
