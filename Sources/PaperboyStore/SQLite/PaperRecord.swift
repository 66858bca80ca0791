import Foundation
import GRDB
import PaperboyCore

/// A row of the `paper` table: a `Paper` in its database representation (dates as text,
/// authors and hub data as JSON). Comparing two records compares what is stored, which is
/// how re-imports are recognised as unchanged.
///
/// Rows are read by hand (`init(row:)`) rather than through `Decodable`, and authors with
/// Paperboy's own JSON parser: a search that loads a page of twenty papers spent half its
/// time in the generic decoders.
struct PaperRecord: Encodable, Equatable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "paper"

    var rowid: Int64?
    var id: String
    var version: Int
    var title: String
    var abstract: String
    var authors: String
    var authorNames: String
    var categories: String
    var primaryCategory: String?
    var published: String?
    var updated: String?
    var announced: String?
    var feedDay: String?
    var comments: String?
    var journalRef: String?
    var doi: String?
    var license: String?
    var reportNo: String?
    var submitter: String?
    var hub: String?
    var upvotes: Int
    var deleted: Bool
    var importedAt: Date
    /// `CodeLinks` as found in the text (JSON, NULL when none) and whether they name a repository.
    var links: String?
    var hasCode: Bool

    enum Columns {
        static let rowid = Column(CodingKeys.rowid)
        static let id = Column(CodingKeys.id)
        static let title = Column(CodingKeys.title)
        static let abstract = Column(CodingKeys.abstract)
        static let primaryCategory = Column(CodingKeys.primaryCategory)
        static let published = Column(CodingKeys.published)
        static let announced = Column(CodingKeys.announced)
        static let feedDay = Column(CodingKeys.feedDay)
        static let upvotes = Column(CodingKeys.upvotes)
        static let deleted = Column(CodingKeys.deleted)
    }

    init(row: Row) throws {
        rowid = row["rowid"]
        id = row["id"]
        version = row["version"]
        title = row["title"]
        abstract = row["abstract"]
        authors = row["authors"]
        authorNames = row["authorNames"]
        categories = row["categories"]
        primaryCategory = row["primaryCategory"]
        published = row["published"]
        updated = row["updated"]
        announced = row["announced"]
        feedDay = row["feedDay"]
        comments = row["comments"]
        journalRef = row["journalRef"]
        doi = row["doi"]
        license = row["license"]
        reportNo = row["reportNo"]
        submitter = row["submitter"]
        hub = row["hub"]
        upvotes = row["upvotes"]
        deleted = row["deleted"]
        importedAt = row["importedAt"]
        links = row["links"]
        hasCode = row["hasCode"]
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { rowid = inserted.rowID }

    /// The papers with these rowids (a page of a listing or a search), by rowid. One cached
    /// statement serves any number of them; an `IN (?, ?, …)` list would be compiled anew for
    /// each page size.
    static func byRowid(_ rowids: [Int64], _ db: Database) throws -> [Int64: PaperRecord] {
        let statement = try db.cachedStatement(sql: "SELECT * FROM paper WHERE rowid IN (SELECT value FROM json_each(?))")
        let records = try PaperRecord.fetchAll(statement, arguments: [SQLiteStore.jsonArray(rowids)])
        return Dictionary(uniqueKeysWithValues: records.compactMap { r in r.rowid.map { ($0, r) } })
    }

    /// Inserts through one cached prepared statement bound by hand (`RowBinder`): the import
    /// path, where GRDB's generic record encoding (a column dictionary per row) cost more than
    /// SQLite's own work. `importedAtText` is `importedAt` as GRDB stores dates, formatted once
    /// per batch: a `DateFormatter` per row showed in the writer's profile.
    mutating func insertPrepared(_ db: Database, importedAtText: String) throws {
        var row = RowBinder(try db.cachedStatement(sql: """
            INSERT INTO paper (id, version, title, abstract, authors, authorNames, categories, primaryCategory,
                published, updated, announced, feedDay, comments, journalRef, doi, license, reportNo, submitter,
                hub, upvotes, deleted, importedAt, links, hasCode)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """))
        row.bind(id)
        row.bind(Int64(version))
        for text in [title, abstract, authors, authorNames, categories, primaryCategory, published, updated, announced,
                     feedDay, comments, journalRef, doi, license, reportNo, submitter, hub] { row.bind(text) }
        row.bind(Int64(upvotes))
        row.bind(deleted ? 1 : 0)
        row.bind(importedAtText)
        row.bind(links)
        row.bind(hasCode ? 1 : 0)
        try row.execute()
        rowid = db.lastInsertedRowID
    }

    init(_ paper: Paper, importedAt: Date) throws {
        id = paper.id
        version = paper.version
        title = paper.title
        abstract = paper.abstract
        authors = JSONFields.encode(authors: paper.authors)
        authorNames = paper.authors.map(\.name).joined(separator: ", ")
        categories = paper.categories.joined(separator: " ")
        primaryCategory = paper.primaryCategory
        published = paper.published.map(SQLDate.string)
        updated = paper.updated.map(SQLDate.string)
        announced = paper.announced?.description
        feedDay = paper.feedDay?.description
        comments = paper.comments
        journalRef = paper.journalRef
        doi = paper.doi
        license = paper.license
        reportNo = paper.reportNo
        submitter = paper.submitter
        hub = try paper.hub.map(JSONFields.encode)
        upvotes = paper.hub?.upvotes ?? 0
        deleted = false
        self.importedAt = importedAt
        let found = CodeLinks(paper)
        links = found.isEmpty ? nil : JSONFields.encode(links: found)
        hasCode = found.hasCode
    }

    func paper() throws -> Paper {
        Paper(id: id, version: version, title: title, abstract: abstract,
              authors: try JSONFields.decode(authors: authors, id: id),
              categories: categories.split(separator: " ").map(String.init),
              published: published.flatMap(SQLDate.date), updated: updated.flatMap(SQLDate.date),
              announced: announced.flatMap(Day.init), comments: comments, journalRef: journalRef,
              doi: doi, license: license, reportNo: reportNo, submitter: submitter,
              hub: try hub.map { try JSONFields.decode(HubInfo.self, from: $0, column: "hub", id: id) })
    }

    /// Same stored content, whatever the bookkeeping (rowid, import time).
    func hasSameContent(as other: PaperRecord) -> Bool {
        var a = self, b = other
        a.rowid = nil; b.rowid = nil
        a.importedAt = b.importedAt
        return a == b
    }
}

/// JSON columns: compact, keys sorted so equal values store equal text. Public for the other
/// store implementations, which keep the same column representation.
public enum JSONFields {
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// `[Author]` the way `encode` would write it (sorted keys, nil fields left out), by
    /// hand: JSONEncoder was a fifth of the store's import time.
    public static func encode(authors: [Author]) -> String {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, a) in authors.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            appendObject([("affiliation", a.affiliation), ("forenames", a.forenames), ("keyname", a.keyname),
                          ("name", a.name), ("suffix", a.suffix)], to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `CodeLinks` the way `encode` would write it, by hand like the authors (every import
    /// encodes them).
    public static func encode(links: CodeLinks) -> String {
        var out: [UInt8] = []
        appendObject([("github", links.github), ("gitlab", links.gitlab), ("huggingFace", links.huggingFace),
                      ("projectPage", links.projectPage)], to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// A JSON object of string fields, given in sorted order; nil ones left out.
    private static func appendObject(_ fields: [(String, String?)], to out: inout [UInt8]) {
        var first = true
        out.append(UInt8(ascii: "{"))
        for (key, value) in fields {
            guard let value else { continue }
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            out += Array("\"\(key)\":".utf8)
            JSONString.append(value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// The authors column, as `encode(authors:)` writes it.
    public static func decode(authors text: String, id: String) throws -> [Author] {
        func corrupt(_ reason: String) -> StoreError { .corruptColumn(table: "paper", column: "authors", key: id, reason: reason) }
        let parsed: JSONValue
        do { parsed = try JSONParser.parse(text.utf8) } catch { throw corrupt(error.description) }
        guard let list = parsed.array else { throw corrupt("not a JSON array") }
        return try list.enumerated().map { index, author in
            func field(_ key: String) throws -> String? {
                guard let value = author[key], !value.isNull else { return nil }
                guard let string = value.string else { throw corrupt("author \(index + 1): \(key) is not a string") }
                return string
            }
            guard let name = try field("name") else { throw corrupt("author \(index + 1) has no name") }
            return Author(name: name, keyname: try field("keyname"), forenames: try field("forenames"),
                          suffix: try field("suffix"), affiliation: try field("affiliation"))
        }
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String, id: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.corruptColumn(table: "paper", column: column, key: id, reason: "\(error)")
        }
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case corruptColumn(table: String, column: String, key: String, reason: String)
    case invalidVector(model: String, id: String, reason: String)

    public var description: String {
        switch self {
        case let .corruptColumn(table, column, key, reason):
            return "unreadable \(table).\(column) for \(key): \(reason)"
        case let .invalidVector(model, id, reason):
            return "invalid \(model) embedding for \(id): \(reason)"
        }
    }
}

/// Dates as `YYYY-MM-DD HH:MM:SS` in UTC: the text form SQLite's date functions and GRDB
/// understand, sortable as text, comparable with `YYYY-MM-DD` day bounds. Whole seconds,
/// as arXiv gives them.
enum SQLDate {
    static func string(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Day.days(since1970: date)
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = Day.civil(fromDays: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(19)
        func digits(_ n: Int, _ width: Int, then separator: UInt8?) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 { bytes.append(UInt8(48 + (n / divisor) % 10)); divisor /= 10 }
            if let separator { bytes.append(separator) }
        }
        digits(y, 4, then: 0x2D); digits(m, 2, then: 0x2D); digits(d, 2, then: 0x20)
        digits(secondOfDay / 3600, 2, then: 0x3A); digits(secondOfDay % 3600 / 60, 2, then: 0x3A); digits(secondOfDay % 60, 2, then: nil)
        return String(decoding: bytes, as: UTF8.self)
    }

    static func date(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { u -> Date? in
            func num(_ from: Int, _ count: Int) -> Int? { ASCIIDecimal.value(u, from..<from + count) }
            guard u.count >= 10, let y = num(0, 4), let m = num(5, 2), let d = num(8, 2) else { return nil }
            let h = num(11, 2) ?? 0, mi = num(14, 2) ?? 0, s = num(17, 2) ?? 0
            let days = Day.days(fromCivil: y, m, d)
            return Date(timeIntervalSince1970: Double(days * 86_400 + h * 3600 + mi * 60 + s))
        }
    }
}
