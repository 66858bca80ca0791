import Foundation
import PaperboyCore

/// One OAI-PMH `ListRecords` or `GetRecord` response.
public struct OAIPage: Sendable {
    public var records: [Paper]
    /// Base ids of tombstones (`<header status="deleted">`).
    public var deleted: [String]
    /// Non-nil while there are more pages: send it back as `resumptionToken`.
    public var resumptionToken: String?
    public var completeListSize: Int?
    public var cursor: Int?
    public var responseDate: String?
    /// The newest header `datestamp` on this page (deleted records included): where to resume
    /// an incremental harvest from.
    public var latestDatestamp: String?
    public init(records: [Paper] = [], deleted: [String] = [], resumptionToken: String? = nil, completeListSize: Int? = nil,
                cursor: Int? = nil, responseDate: String? = nil, latestDatestamp: String? = nil) {
        self.records = records; self.deleted = deleted; self.resumptionToken = resumptionToken
        self.completeListSize = completeListSize; self.cursor = cursor; self.responseDate = responseDate
        self.latestDatestamp = latestDatestamp
    }
}

/// Reads arXiv's `arXiv`, `arXivRaw` and `oai_dc` metadata formats.
public enum OAIPMHParser {
    /// Throws `OAIError` for an `<error>` response (but `noRecordsMatch` is an empty page),
    /// `IngestError.malformedXML` naming line and column for broken or truncated XML, and the
    /// first unreadable record's `RecordError`.
    public static func parse(_ data: Data) throws -> OAIPage {
        let (page, problems) = try parseRecords(data, file: "OAI-PMH response")
        if let first = problems.first { throw first }
        return page
    }

    static func parseRecords(_ data: Data, file: String) throws -> (OAIPage, [RecordError]) {
        var records: [Paper] = [], deleted: [String] = [], problems: [RecordError] = []
        var (page, noRecordsMatch) = try stream(.data(data), file: file, limits: .standard, deleted: { deleted.append($0) }) { record in
            switch record {
            case .success(let paper): records.append(paper)
            case .failure(let problem): problems.append(problem)
            }
        }
        if noRecordsMatch { return (page, []) }
        page.records = records
        page.deleted = deleted
        return (page, problems)
    }

    /// Reads the records one at a time, handing each on as soon as it is read (tombstones to
    /// `deleted`); returns the page without records or tombstones. Throws `OAIError` for an
    /// `<error>` response other than `noRecordsMatch` (which is an empty page: `noRecordsMatch`
    /// is true, and what was handed on should be dropped).
    static func stream(_ input: XMLInput, file: String, limits: ImportLimits, deleted: (String) -> Void,
                       record: (Result<Paper, RecordError>) throws -> Void) throws -> (page: OAIPage, noRecordsMatch: Bool) {
        var latest: String?
        let root = try XMLDocumentParse.records(input, file: file, layout: .oaiPMH, limits: limits) { result, n, _ in
            let element: XNode
            switch result {
            case .success(let e): element = e
            case .failure(let problem): return try record(.failure(problem))
            }
            guard let header = element.child("header"), let identifier = header.string("identifier") else {
                return try record(.failure(RecordError(file: file, line: n, reason: "record \(n): missing <header><identifier>")))
            }
            if let stamp = header.string("datestamp"), latest.map({ stamp > $0 }) ?? true { latest = stamp }
            if header.attributes["status"] == "deleted" {
                if let id = ArxivID(identifier) { deleted(id.base) } else {
                    try record(.failure(RecordError(file: file, line: n, reason: "record \(n): not an arXiv identifier: \"\(identifier)\"")))
                }
                return
            }
            try record(Result { try paper(record: element, header: header) }
                .mapError { RecordError(file: file, line: n, reason: "record \(n) (\(identifier)): \($0)") })
        }
        var page = OAIPage(responseDate: root.string("responseDate"))
        if let error = root.child("error") {
            let code = error.attributes["code"] ?? "unknown"
            if code == "noRecordsMatch" { return (page, true) }
            throw OAIError(code: code, message: error.trimmedText)
        }
        guard let verb = root.child("ListRecords") ?? root.child("GetRecord") else {
            let found = root.children.map(\.name).filter { $0 != "responseDate" && $0 != "request" }
            throw IngestError.malformedDocument(file: file, reason: "expected ListRecords or GetRecord, found \(found.first ?? "nothing")")
        }
        if let token = verb.child("resumptionToken") {
            let t = token.trimmedText
            page.resumptionToken = t.isEmpty ? nil : t
            page.completeListSize = token.attributes["completeListSize"].flatMap { Int($0) }
            page.cursor = token.attributes["cursor"].flatMap { Int($0) }
        }
        page.latestDatestamp = latest
        return (page, false)
    }

    static func paper(record: XNode, header: XNode) throws -> Paper {
        guard let metadata = record.child("metadata")?.children.first else { throw RecordProblem("missing <metadata>") }
        switch metadata.name {
        case "arXiv": return try arXiv(metadata)
        case "arXivRaw": return try arXivRaw(metadata)
        case "dc": return try dublinCore(metadata, header: header)
        default: throw RecordProblem("unsupported metadata format <\(metadata.name)>")
        }
    }

    private static func requiredID(_ m: XNode) throws -> ArxivID {
        guard let raw = m.string("id") else { throw RecordProblem("missing <id>") }
        guard let id = ArxivID(raw) else { throw RecordProblem("not an arXiv id: \"\(raw)\"") }
        return id
    }

    private static func requiredTitle(_ m: XNode) throws -> String {
        guard let t = m.string("title") else { throw RecordProblem("missing <title>") }
        return t
    }

    private static func categories(_ m: XNode) -> [String] {
        (m.string("categories") ?? "").split(separator: " ").map(String.init)
    }

    /// `arXiv` format: structured authors, `created`/`updated` days, no version numbers.
    static func arXiv(_ m: XNode) throws -> Paper {
        let id = try requiredID(m)
        let authors = (m.child("authors")?.children("author") ?? []).compactMap { a -> Author? in
            guard let keyname = a.string("keyname") else { return nil }
            return Author(keyname: keyname, forenames: a.string("forenames"), suffix: a.string("suffix"),
                          affiliation: a.children("affiliation").map(\.trimmedText).filter { !$0.isEmpty }.first)
        }
        let created = m.string("created").flatMap(Timestamps.iso8601)
        return Paper(id: id.base, version: id.version ?? 1, title: try requiredTitle(m), abstract: m.string("abstract") ?? "",
                     authors: authors, categories: categories(m),
                     published: created, updated: m.string("updated").flatMap(Timestamps.iso8601) ?? created,
                     comments: m.string("comments"), journalRef: m.string("journal-ref"), doi: m.string("doi"),
                     license: m.string("license"), reportNo: m.string("report-no"))
    }

    /// `arXivRaw` format: every version with its RFC 822 date, authors as one string.
    static func arXivRaw(_ m: XNode) throws -> Paper {
        let id = try requiredID(m)
        let versions = m.children("version").map { v in
            (number: v.attributes["version"].flatMap(KaggleRecord.versionNumber), date: v.string("date").flatMap(Timestamps.rfc822))
        }
        return Paper(id: id.base, version: versions.compactMap(\.number).max() ?? max(versions.count, 1),
                     title: try requiredTitle(m), abstract: m.string("abstract") ?? "",
                     authors: AuthorList.parse(m.string("authors") ?? ""), categories: categories(m),
                     published: versions.first?.date, updated: versions.last?.date,
                     comments: m.string("comments"), journalRef: m.string("journal-ref"), doi: m.string("doi"),
                     license: m.string("license"), reportNo: m.string("report-no"), submitter: m.string("submitter"))
    }

    /// `oai_dc`: creators as "Last, First", the first `description` is the abstract, dates
    /// are version days. It has no category codes: the header's sets (`physics:hep-ex` →
    /// `hep-ex`, `cs`) stand in for them.
    static func dublinCore(_ m: XNode, header: XNode) throws -> Paper {
        guard let identifier = header.string("identifier"), let id = ArxivID(identifier) else {
            throw RecordProblem("header identifier is not an arXiv id")
        }
        let authors = m.children("creator").map(\.trimmedText).filter { !$0.isEmpty }.map { creator -> Author in
            let parts = creator.split(separator: ",", maxSplits: 1).map { $0.trimmingWhitespace() }
            return parts.count == 2 ? Author(keyname: parts[0], forenames: parts[1], suffix: nil) : Author(name: creator)
        }
        let dates = m.children("date").compactMap { Timestamps.iso8601($0.trimmedText) }
        let sets = header.children("setSpec").map { $0.trimmedText.split(separator: ":").last.map(String.init) ?? "" }
        let doi = m.children("identifier").map(\.trimmedText).first { $0.hasPrefix("doi:") }.map { String($0.dropFirst(4)) }
        return Paper(id: id.base, version: max(dates.count, 1), title: try requiredTitle(m),
                     abstract: m.children("description").first?.trimmedText ?? "",
                     authors: authors, categories: sets, published: dates.first, updated: dates.last, doi: doi)
    }
}
