/// A parsed keyword query: the search box's language as data. Parsing never fails: whatever
/// the input, the result is a well-formed query (possibly empty) plus `notes` explaining what
/// was dropped. Stores compile it to their own search syntax with every term escaped.
///
/// Language: plain words (all must match); `"quoted phrases"`; `-word`, `-"phrase"` or
/// `NOT word` to exclude; `OR` between terms; `author:name`, `author:"Full Name"`;
/// `cat:cs.CL`, `cat:cs.*` (`-cat:` excludes); `since:2024-03-01`, `until:2024-03-31`,
/// `year:2024`. A query that is just an arXiv id or abs/pdf URL is `arxivID`.
public struct KeywordQuery: Hashable, Sendable {
    /// A word or a phrase, kept as typed (the store's tokenizer folds case and diacritics).
    public enum Term: Hashable, Sendable {
        case word(String)
        case phrase(String)

        public var text: String {
            switch self {
            case .word(let s), .phrase(let s): return s
            }
        }
    }

    /// Every clause must match; a clause matches when any of its alternatives does
    /// (`a OR b` is one clause with two alternatives).
    public var clauses: [[Term]] = []
    /// No match may contain any of these.
    public var excluded: [Term] = []
    /// Author names or name parts; each must match the author list.
    public var authors: [String] = []
    public var categories = CategoryFilter()
    /// Inclusive bounds on the paper's feed day.
    public var since: Day?
    public var until: Day?
    /// Set when the whole query is an arXiv id or URL.
    public var arxivID: ArxivID?
    /// What the parser dropped or changed, in words a user can act on.
    public var notes: [String] = []

    public init(clauses: [[Term]] = [], excluded: [Term] = [], authors: [String] = [],
                categories: CategoryFilter = CategoryFilter(), since: Day? = nil, until: Day? = nil,
                arxivID: ArxivID? = nil, notes: [String] = []) {
        self.clauses = clauses; self.excluded = excluded; self.authors = authors
        self.categories = categories; self.since = since; self.until = until
        self.arxivID = arxivID; self.notes = notes
    }

    /// Positive words and phrases, for highlighting matches.
    public var highlightTerms: [String] {
        var seen = Set<String>()
        return clauses.joined().map(\.text).filter { seen.insert($0.lowercased()).inserted }
    }

    /// True when nothing restricts the result: no terms, no filters, no id.
    public var isEmpty: Bool {
        clauses.isEmpty && excluded.isEmpty && authors.isEmpty && categories.isEmpty
            && since == nil && until == nil && arxivID == nil
    }

    /// True when something must match the text index (terms or authors).
    public var hasPositiveText: Bool { !clauses.isEmpty || !authors.isEmpty }
}
