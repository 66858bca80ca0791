import Foundation
import PaperboyCore

/// One line of the Kaggle `arxiv-metadata-oai-snapshot` (and the bulk sets in its shape).
enum KaggleRecord {
    static func paper(fromLine line: UnsafeBufferPointer<UInt8>) throws -> Paper {
        let json: JSONValue
        do { json = try JSONParser.parse(line) } catch { throw RecordProblem(error.description) }
        return try paper(from: json)
    }

    static func paper(from json: JSONValue) throws -> Paper {
        guard case .object = json else { throw RecordProblem("expected a JSON object") }
        guard let rawID = try json.text("id", of: nil), !rawID.isEmpty else { throw RecordProblem("missing \"id\"") }
        guard let id = ArxivID(rawID) else { throw RecordProblem("not an arXiv id: \"\(rawID.prefix(80))\"") }
        guard let title = try json.text("title", of: rawID) else { throw RecordProblem("\(rawID): missing \"title\"") }
        let field = { (key: String) throws -> String? in try json.text(key, of: rawID) }

        // versions[] is in order: v1 = first submission, the last = the current version.
        let versions = json["versions"]?.array ?? []
        let stamps = versions.map { v in (number: v["version"]?.string.flatMap(versionNumber), date: v["created"]?.string.flatMap(Timestamps.rfc822)) }
        let version = stamps.compactMap(\.number).max() ?? max(versions.count, id.version ?? 1)

        var authors: [Author] = (json["authors_parsed"]?.array ?? []).compactMap { parts in
            guard let p = parts.array, let last = p.first?.string else { return nil }
            // Collaborations come as ["ATLAS Collaboration", "", ""]; fully empty entries are dropped.
            guard !last.isEmpty || p.count > 1 && p[1].string?.isEmpty == false else { return nil }
            let first = p.count > 1 ? p[1].string : nil, suffix = p.count > 2 ? p[2].string : nil
            return Author(keyname: last, forenames: first.flatMap { $0.isEmpty ? nil : $0 }, suffix: suffix.flatMap { $0.isEmpty ? nil : $0 })
        }
        if authors.isEmpty, let raw = try field("authors") { authors = AuthorList.parse(raw) }

        let categories = (try field("categories") ?? "").split(separator: " ").map(String.init)
        return Paper(
            id: id.base, version: version, title: title, abstract: try field("abstract") ?? "",
            authors: authors, categories: categories,
            published: stamps.first?.date, updated: stamps.last?.date,
            announced: try field("listing_date").flatMap(Day.init),
            comments: try field("comments"), journalRef: try field("journal-ref"), doi: try field("doi"),
            license: try field("license"), reportNo: try field("report-no"), submitter: try field("submitter"))
    }

    /// `v3` → 3.
    static func versionNumber(_ s: String) -> Int? {
        guard s.first == "v" || s.first == "V" else { return nil }
        return Int(s.dropFirst())
    }
}
