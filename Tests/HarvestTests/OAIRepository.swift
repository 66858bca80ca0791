import Foundation

/// A stand-in for arXiv's OAI-PMH `ListRecords`, serving real records (the Kaggle snapshot
/// sample in /work/shared, written out in the `arXiv` metadata format) in pages with
/// resumption tokens. Stateless like the real one: a token says where the next page starts and
/// which `from` it belongs to. Tokens contain `|`, which the client must percent-encode.
struct OAIRepository: Sendable {
    struct Record: Sendable {
        var id: String
        var datestamp: String
        var title: String
        var deleted: Bool
        var xml: String
    }

    let records: [Record]
    let pageSize: Int

    /// Records of the Kaggle sample in id order (not datestamp order, as on arXiv); `deleting`
    /// ids are served as tombstones.
    static func fromKaggleSample(pageSize: Int, deleting: Set<String> = []) throws -> OAIRepository? {
        guard let root = SharedData.root else { return nil }
        let file = root.appendingPathComponent("data/arxiv-metadata/kaggle-arxiv-metadata-oai-snapshot_sample200.jsonl")
        let text = try String(contentsOf: file, encoding: .utf8)
        let records = try text.split(separator: "\n").map { line -> Record in
            let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return record(o, deleted: deleting.contains(o["id"] as! String))
        }
        return OAIRepository(records: records.sorted { $0.id < $1.id }, pageSize: pageSize)
    }

    var liveIDs: [String] { records.filter { !$0.deleted }.map(\.id) }

    /// The response to a `ListRecords` query.
    func respond(_ q: [String: String]) -> Data {
        var from = q["from"] ?? "", offset = 0
        if let token = q["resumptionToken"] {
            let parts = token.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 2, let o = Int(parts[0]) else { return error("badResumptionToken", "The resumptionToken supplied is illegal") }
            offset = o; from = String(parts[1])
        } else if q["metadataPrefix"] != "arXiv" {
            return error("badArgument", "metadataPrefix missing or unsupported")
        }
        let matching = records.filter { $0.datestamp >= from }
        if matching.isEmpty { return error("noRecordsMatch", "The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.") }
        let page = matching.dropFirst(offset).prefix(pageSize)
        var body = page.map(\.xml).joined(separator: "\n")
        if offset + pageSize < matching.count {
            body += "\n<resumptionToken cursor=\"\(offset)\" completeListSize=\"\(matching.count)\">\(offset + pageSize)|\(from)</resumptionToken>"
        } else if offset > 0 {
            body += "\n<resumptionToken cursor=\"\(offset)\" completeListSize=\"\(matching.count)\"></resumptionToken>"
        }
        return envelope("<ListRecords>\n\(body)\n</ListRecords>")
    }

    func error(_ code: String, _ message: String) -> Data {
        envelope("<error code=\"\(code)\">\(message)</error>")
    }

    private func envelope(_ inner: String) -> Data {
        Data("""
        <?xml version="1.0" encoding="UTF-8"?>
        <OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">
        <responseDate>2026-11-23T10:00:00Z</responseDate>
        <request verb="ListRecords">http://oaipmh.arxiv.org/oai</request>
        \(inner)
        </OAI-PMH>

        """.utf8)
    }

    private static func record(_ o: [String: Any], deleted: Bool) -> Record {
        let id = o["id"] as! String, stamp = o["update_date"] as! String
        let header = "<header\(deleted ? " status=\"deleted\"" : "")>\n <identifier>oai:arXiv.org:\(id)</identifier>\n <datestamp>\(stamp)</datestamp>\n <setSpec>physics</setSpec>\n</header>"
        if deleted { return Record(id: id, datestamp: stamp, title: "", deleted: true, xml: "<record>\n\(header)\n</record>") }
        let versions = (o["versions"] as! [[String: Any]]).compactMap { $0["created"] as? String }.map(day)
        let authors = (o["authors_parsed"] as! [[String]]).map { p in
            "<author><keyname>\(esc(p[0]))</keyname>" + (p.count > 1 && !p[1].isEmpty ? "<forenames>\(esc(p[1]))</forenames>" : "")
                + (p.count > 2 && !p[2].isEmpty ? "<suffix>\(esc(p[2]))</suffix>" : "") + "</author>"
        }.joined()
        func optional(_ tag: String, _ key: String) -> String {
            (o[key] as? String).map { "<\(tag)>\(esc($0))</\(tag)>" } ?? ""
        }
        let title = o["title"] as! String
        let meta = "<arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>\(id)</id><created>\(versions.first ?? stamp)</created>"
            + (versions.count > 1 ? "<updated>\(versions.last!)</updated>" : "")
            + "<authors>\(authors)</authors><title>\(esc(title))</title>"
            + optional("categories", "categories") + optional("comments", "comments") + optional("report-no", "report-no")
            + optional("journal-ref", "journal-ref") + optional("doi", "doi") + optional("license", "license")
            + optional("abstract", "abstract") + "</arXiv>"
        return Record(id: id, datestamp: stamp, title: title, deleted: false, xml: "<record>\n\(header)\n<metadata>\n\(meta)\n</metadata>\n</record>")
    }

    /// "Mon, 2 Apr 2007 19:18:42 GMT" → "2007-04-02".
    private static func day(_ rfc822: String) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, d MMM yyyy HH:mm:ss zzz"
        let d = f.date(from: rfc822)!
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: d)
    }

    private static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
