import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// A row of the `paper` table: a `Paper` in its database representation, the same as SQLite's
/// `PaperRecord` (authors, hub and links as the same JSON, categories space-separated, days as
/// ISO text). Times are whole seconds, as SQLite keeps them. Comparing two rows compares what
/// is stored, which is how re-imports are recognised as unchanged.
struct PaperRow: Equatable, Sendable {
    var id: String
    var version: Int
    var title: String
    var abstract: String
    var authors: String
    var authorNames: String
    var categories: String
    var primaryCategory: String?
    var published: Date?
    var updated: Date?
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
    var links: String?
    var hasCode: Bool

    init(_ paper: Paper) throws {
        id = paper.id
        version = paper.version
        title = paper.title
        abstract = paper.abstract
        authors = JSONFields.encode(authors: paper.authors)
        authorNames = paper.authors.map(\.name).joined(separator: ", ")
        categories = paper.categories.joined(separator: " ")
        primaryCategory = paper.primaryCategory
        published = paper.published.map(Self.wholeSeconds)
        updated = paper.updated.map(Self.wholeSeconds)
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
        let found = CodeLinks(paper)
        links = found.isEmpty ? nil : JSONFields.encode(links: found)
        hasCode = found.hasCode
    }

    static func wholeSeconds(_ date: Date) -> Date { Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down)) }

    func paper() throws -> Paper {
        Paper(id: id, version: version, title: title, abstract: abstract,
              authors: try JSONFields.decode(authors: authors, id: id),
              categories: categories.split(separator: " ").map(String.init),
              published: published, updated: updated,
              announced: announced.flatMap(Day.init), comments: comments, journalRef: journalRef,
              doi: doi, license: license, reportNo: reportNo, submitter: submitter,
              hub: try hub.map { try JSONFields.decode(HubInfo.self, from: $0, column: "hub", id: id) })
    }

    /// The stored columns `init(_:at:)` reads, in its order, each prefixed by `alias` and a dot.
    static func columns(_ alias: String = "p") -> String {
        ["id", "version", "title", "abstract", "authors", "authorNames", "categories", "primaryCategory", "published",
         "updated", "announced", "feedDay", "comments", "journalRef", "doi", "license", "reportNo", "submitter", "hub",
         "upvotes", "links", "hasCode"].map { "\(alias).\($0)" }.joined(separator: ", ")
    }
    static let columnCount = 22

    /// Reads the row from `columns()`, which start at column `first` of `row`.
    init(_ row: PostgresRandomAccessRow, at first: Int = 0) throws {
        var i = first
        func next<T: PostgresDecodable>(_: T.Type = T.self) throws -> T {
            defer { i += 1 }
            return try row[i].decode(T.self)
        }
        id = try next()
        version = try next()
        title = try next()
        abstract = try next()
        authors = try next()
        authorNames = try next()
        categories = try next()
        primaryCategory = try next()
        published = try next()
        updated = try next()
        announced = try next()
        feedDay = try next()
        comments = try next()
        journalRef = try next()
        doi = try next()
        license = try next()
        reportNo = try next()
        submitter = try next()
        hub = try next()
        upvotes = try next()
        links = try next()
        hasCode = try next()
    }

    /// The SQL of this row's full-text vector, binding its folded text to `query`. A `|`
    /// between fields keeps phrases within one field, as FTS5's columns do (`||` numbers the
    /// right side's words on from the left side's last): no query makes that lexeme, since the
    /// parser reads `|` as a separator.
    func textVector(_ query: inout QueryBuilder) throws -> String {
        try Self.textVector(title: title, abstract: abstract, authorNames: authorNames, &query)
    }

    static func textVector(title: String, abstract: String, authorNames: String, _ query: inout QueryBuilder) throws -> String {
        textVectorSQL(title: try query.bind(SearchText.fold(title)), abstract: try query.bind(SearchText.fold(abstract)),
                      names: try query.bind(SearchText.fold(authorNames)))
    }

    /// The vector's SQL over three SQL expressions of folded text.
    static func textVectorSQL(title: String, abstract: String, names: String) -> String {
        "setweight(to_tsvector('paperboy', \(title)), 'A') || '|:1'::tsvector || setweight(to_tsvector('paperboy', \(abstract)), 'B')"
            + " || '|:1'::tsvector || setweight(to_tsvector('paperboy', \(names)), 'C')"
    }

    /// Binds the stored columns, in `columns()` order, and returns their placeholders.
    func bindColumns(_ query: inout QueryBuilder) throws -> [String] {
        [try query.bind(id), try query.bind(version), try query.bind(title), try query.bind(abstract),
         try query.bind(authors), try query.bind(authorNames), try query.bind(categories), try query.bind(primaryCategory),
         try query.bind(published), try query.bind(updated), try query.bind(announced), try query.bind(feedDay),
         try query.bind(comments), try query.bind(journalRef), try query.bind(doi), try query.bind(license),
         try query.bind(reportNo), try query.bind(submitter), try query.bind(hub), try query.bind(upvotes),
         try query.bind(links), try query.bind(hasCode)]
    }
}

/// What the full-text vector and queries are made of: text with case and diacritics folded
/// (`Café` and `CAFE` are both `cafe`), as FTS5's `remove_diacritics` does for SQLite.
enum SearchText {
    static func fold(_ text: String) -> String {
        // PostgreSQL lower-cases ASCII itself; most papers are ASCII and skip the fold.
        text.utf8.allSatisfy { $0 < 0x80 } ? text : text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }
}

/// A statement assembled from fixed SQL fragments and bound values: `bind` returns the value's
/// placeholder (`$n`) for the SQL text, which may be written in any order afterwards.
struct QueryBuilder {
    private(set) var binds = PostgresBindings()

    mutating func bind<T: PostgresThrowingDynamicTypeEncodable>(_ value: T) throws -> String {
        try binds.append(value)
        return "$\(binds.count)"
    }

    mutating func bind<T: PostgresThrowingDynamicTypeEncodable>(_ value: T?) throws -> String {
        try binds.append(value)
        return "$\(binds.count)"
    }

    /// A NULL of no type, which PostgreSQL types from where it goes (a typed one must match).
    mutating func bindNull() -> String {
        binds.appendNull()
        return "$\(binds.count)"
    }

    /// The statement: `sql` must use every placeholder bound.
    func query(_ sql: String) -> PostgresQuery { PostgresQuery(unsafeSQL: sql, binds: binds) }
}
