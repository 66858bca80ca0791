import PaperboyCore

/// The largest record an import accepts. Real arXiv metadata stays far below each limit (the
/// 89k real papers in ../shared peak at a 253-byte title, a 3.5 KB abstract, 3,303 authors in
/// 48 KB, a 431-byte comment and a 134 KB JSON line), so a record over one is broken or
/// hostile: it is skipped with a reason naming the field, its size and the limit, and never
/// held whole in memory (an over-long JSON line is read past, not buffered). Sizes are UTF-8
/// bytes after whitespace is collapsed.
public struct ImportLimits: Sendable, Equatable {
    /// Title (real maximum 253 bytes).
    public var titleBytes = 2_000
    /// Abstract (real maximum 3.5 KB; arXiv itself stops at 1,920 characters).
    public var abstractBytes = 20_000
    /// Number of authors (real maximum 3,303, a collaboration paper).
    public var authors = 10_000
    /// All author names and affiliations together (real maximum 48 KB).
    public var authorBytes = 500_000
    /// Comments (real maximum 431 bytes).
    public var commentsBytes = 4_000
    /// Each of journal-ref, DOI, licence, report number, submitter and categories.
    public var otherFieldBytes = 2_000
    /// One JSON line, one record of the file (real maximum 134 KB).
    public var lineBytes = 2 << 20
    /// One XML record (an Atom `<entry>`, an OAI-PMH `<record>`, an RSS `<item>`): its text,
    /// element names and attribute values (and 32 bytes an element). XML files are streamed a
    /// record at a time, so this bounds an XML import's memory, whatever the file's size. Text
    /// outside the records (the feed's or page's own elements) has the same limit.
    public var recordBytes = 2 << 20
    /// A whole Hugging Face JSON or `.abs` document, decompressed: these are parsed whole, so
    /// this bounds their import's memory.
    public var documentBytes = 256 << 20

    public init() {}

    public static let standard = ImportLimits()

    /// Why `paper` is too large, or nil when it fits.
    public func problem(_ paper: Paper) -> String? {
        let authorBytes = paper.authors.reduce(0) { $0 + $1.name.utf8.count + ($1.affiliation?.utf8.count ?? 0) }
        let checks: [(String, Int, Int)] = [
            ("title", paper.title.utf8.count, titleBytes),
            ("abstract", paper.abstract.utf8.count, abstractBytes),
            ("authors", authorBytes, self.authorBytes),
            ("comments", paper.comments?.utf8.count ?? 0, commentsBytes),
            ("journal-ref", paper.journalRef?.utf8.count ?? 0, otherFieldBytes),
            ("doi", paper.doi?.utf8.count ?? 0, otherFieldBytes),
            ("license", paper.license?.utf8.count ?? 0, otherFieldBytes),
            ("report-no", paper.reportNo?.utf8.count ?? 0, otherFieldBytes),
            ("submitter", paper.submitter?.utf8.count ?? 0, otherFieldBytes),
            ("categories", paper.categories.reduce(0) { $0 + $1.utf8.count + 1 }, otherFieldBytes),
        ]
        if paper.authors.count > authors {
            return "\(paper.id): \(paper.authors.count) authors, more than the \(authors) allowed"
        }
        return checks.first { $0.1 > $0.2 }.map { "\(paper.id): \($0.0) is \($0.1) bytes, longer than the \($0.2) allowed" }
    }

    /// `paper`, or a `RecordProblem` saying which field is too large.
    func checked(_ paper: Paper) throws -> Paper {
        if let problem = problem(paper) { throw RecordProblem(problem) }
        return paper
    }
}
