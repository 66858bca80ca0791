import Foundation
import PaperboyCore

/// Hugging Face `/api/daily_papers` (an array of submissions) and `/api/papers/{id}` (one
/// paper object). Hugging Face knows no categories; its votes and links go into `HubInfo`.
enum HuggingFaceParser {
    /// The daily list: each item is `{paper: {…}, numComments, submittedBy, …}`.
    static func dailyPapers(_ json: JSONValue, file: String) throws -> [Result<Paper, RecordError>] {
        guard let items = json.array else {
            throw IngestError.malformedDocument(file: file, reason: "expected a JSON array of daily-paper items")
        }
        return items.enumerated().map { n, item in
            Result {
                guard let paper = item["paper"] else { throw RecordProblem("missing \"paper\"") }
                return try self.paper(paper, item: item)
            }.mapError { RecordError(file: file, line: n + 1, reason: "item \(n + 1): \($0)") }
        }
    }

    /// One `/api/papers/{id}` object, or the `paper` of a daily item (`item` adds its comment
    /// count and submitter).
    static func paper(_ p: JSONValue, item: JSONValue? = nil) throws -> Paper {
        guard case .object = p else { throw RecordProblem("expected a JSON object") }
        guard let rawID = try p.text("id", of: nil) else { throw RecordProblem("missing \"id\"") }
        guard let id = ArxivID(rawID) else { throw RecordProblem("not an arXiv id: \"\(rawID.prefix(80))\"") }
        guard let title = try p.text("title", of: rawID) ?? item?.text("title", of: rawID) else { throw RecordProblem("\(rawID): missing \"title\"") }
        let authors = (p["authors"]?.array ?? []).compactMap { $0["name"]?.string }.map { Author(name: $0) }
        let submitter = item?["submittedBy"]?["name"]?.string ?? p["submittedOnDailyBy"]?["name"]?.string
        let hub = HubInfo(
            upvotes: p["upvotes"]?.int ?? 0,
            submittedBy: submitter,
            submittedOnDailyAt: p["submittedOnDailyAt"]?.string.flatMap(Timestamps.iso8601),
            numComments: item?["numComments"]?.int ?? p["numComments"]?.int,
            githubRepo: p["githubRepo"]?.string,
            githubStars: p["githubStars"]?.int,
            projectPage: p["projectPage"]?.string,
            aiSummary: p["ai_summary"]?.string,
            aiKeywords: p["ai_keywords"]?.array?.compactMap(\.string))
        return Paper(id: id.base, version: id.version ?? 1, title: title,
                     abstract: p["summary"]?.string ?? item?["summary"]?.string ?? "",
                     authors: authors, published: p["publishedAt"]?.string.flatMap(Timestamps.iso8601), hub: hub)
    }
}
