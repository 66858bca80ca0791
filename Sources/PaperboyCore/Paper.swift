import Foundation

/// One author, in the order the paper lists them. `name` is the display form ("Ada Lovelace");
/// the parts are kept where the source gives them (Kaggle `authors_parsed`, OAI `keyname`).
public struct Author: Codable, Hashable, Sendable {
    public var name: String
    public var keyname: String?
    public var forenames: String?
    public var suffix: String?
    public var affiliation: String?

    public init(name: String, keyname: String? = nil, forenames: String? = nil, suffix: String? = nil, affiliation: String? = nil) {
        self.name = name; self.keyname = keyname; self.forenames = forenames; self.suffix = suffix; self.affiliation = affiliation
    }

    /// Builds the display name from parts: "Forenames Keyname Suffix".
    public init(keyname: String, forenames: String?, suffix: String?, affiliation: String? = nil) {
        let parts = [forenames, keyname, suffix].compactMap { $0?.collapsingWhitespace() }.filter { !$0.isEmpty }
        self.init(name: parts.joined(separator: " "), keyname: keyname, forenames: forenames, suffix: suffix, affiliation: affiliation)
    }
}

/// What the Hugging Face daily papers page knows about a paper, kept when we import its JSON.
public struct HubInfo: Codable, Hashable, Sendable {
    public var upvotes: Int
    public var submittedBy: String?
    public var submittedOnDailyAt: Date?
    public var numComments: Int?
    public var githubRepo: String?
    public var githubStars: Int?
    public var projectPage: String?
    public var aiSummary: String?
    public var aiKeywords: [String]?

    public init(upvotes: Int = 0, submittedBy: String? = nil, submittedOnDailyAt: Date? = nil, numComments: Int? = nil,
                githubRepo: String? = nil, githubStars: Int? = nil, projectPage: String? = nil,
                aiSummary: String? = nil, aiKeywords: [String]? = nil) {
        self.upvotes = upvotes; self.submittedBy = submittedBy; self.submittedOnDailyAt = submittedOnDailyAt
        self.numComments = numComments; self.githubRepo = githubRepo; self.githubStars = githubStars
        self.projectPage = projectPage; self.aiSummary = aiSummary; self.aiKeywords = aiKeywords
    }
}

/// A paper's metadata as arXiv publishes it. Titles and abstracts are normalised (line breaks
/// joined, whitespace collapsed) with LaTeX kept as written.
public struct Paper: Codable, Hashable, Sendable, Identifiable {
    /// arXiv id without version: the key everything else refers to.
    public var id: String
    /// Latest version we know of (1 when the source does not say).
    public var version: Int
    public var title: String
    public var abstract: String
    public var authors: [Author]
    /// Primary category first, then cross-lists, without duplicates.
    public var categories: [String]
    /// When version 1 was submitted.
    public var published: Date?
    /// When the latest version was submitted.
    public var updated: Date?
    /// The day arXiv announced the paper, where the source says.
    public var announced: Day?
    public var comments: String?
    public var journalRef: String?
    public var doi: String?
    public var license: String?
    public var reportNo: String?
    public var submitter: String?
    public var hub: HubInfo?

    public init(id: String, version: Int = 1, title: String, abstract: String, authors: [Author] = [],
                categories: [String] = [], published: Date? = nil, updated: Date? = nil, announced: Day? = nil,
                comments: String? = nil, journalRef: String? = nil, doi: String? = nil, license: String? = nil,
                reportNo: String? = nil, submitter: String? = nil, hub: HubInfo? = nil) {
        self.id = id; self.version = version
        self.title = title.collapsingWhitespace(); self.abstract = abstract.collapsingWhitespace()
        self.authors = authors
        var seen = Set<String>()
        self.categories = categories.filter { !$0.isEmpty && seen.insert($0).inserted }
        self.published = published; self.updated = updated; self.announced = announced
        self.comments = comments?.nonEmptyCollapsed; self.journalRef = journalRef?.nonEmptyCollapsed
        self.doi = doi?.nonEmptyCollapsed; self.license = license?.nonEmptyCollapsed
        self.reportNo = reportNo?.nonEmptyCollapsed; self.submitter = submitter?.nonEmptyCollapsed
        self.hub = hub
    }

    public var primaryCategory: String? { categories.first }
    public var arxivID: ArxivID { ArxivID(base: id, version: version) }

    /// The day the paper belongs to in the feed: announced, else first version, in UTC.
    public var feedDay: Day? { announced ?? published.map(Day.init) }

    /// Combines what two sources say about the same paper. The newer version wins for
    /// metadata; fields the winner lacks are filled from the other; hub data is kept from
    /// whichever has it (the newer import wins when both do).
    public func merged(with newer: Paper) -> Paper {
        precondition(id == newer.id, "merging different papers")
        let (win, lose) = newer.version >= version ? (newer, self) : (self, newer)
        var m = win
        if m.title.isEmpty { m.title = lose.title }
        if m.abstract.isEmpty { m.abstract = lose.abstract }
        if m.authors.isEmpty { m.authors = lose.authors }
        if m.categories.isEmpty { m.categories = lose.categories }
        // First-version date and announcement day do not change with new versions.
        m.published = [win.published, lose.published].compactMap { $0 }.min()
        m.announced = [win.announced, lose.announced].compactMap { $0 }.min()
        m.updated = [win.updated, lose.updated].compactMap { $0 }.max()
        m.comments = m.comments ?? lose.comments
        m.journalRef = m.journalRef ?? lose.journalRef
        m.doi = m.doi ?? lose.doi
        m.license = m.license ?? lose.license
        m.reportNo = m.reportNo ?? lose.reportNo
        m.submitter = m.submitter ?? lose.submitter
        m.hub = newer.hub ?? self.hub
        return m
    }
}

extension String {
    var nonEmptyCollapsed: String? {
        let c = collapsingWhitespace()
        return c.isEmpty ? nil : c
    }
}
