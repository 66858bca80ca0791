import PaperboyCore
import PaperboyStore

/// What the semantic half makes of a search-box query: the text to embed (the positive words
/// and phrases; operators mean nothing to the model) and the filters the keyword half would
/// apply in SQL, applied here to the papers the vector index returns.
struct SemanticQuery: Sendable {
    let text: String
    let parsed: KeywordQuery
    let requestFilter: CategoryFilter

    init(_ request: SearchRequest) {
        parsed = KeywordQuery(parsing: request.query)
        requestFilter = request.filter
        // A plain question goes to the model as typed (punctuation and all, as in training);
        // with operators only the positive words and phrases carry meaning.
        let plain = !Self.hasOperators(parsed) && !request.query.contains { $0 == "\"" }
            && !request.query.split(separator: " ").contains { $0 == "OR" || $0 == "NOT" || $0 == "AND" }
        text = plain ? String(request.query.prefix(KeywordQuery.maxCharacters)).collapsingWhitespace()
            : parsed.clauses.joined().map(\.text).joined(separator: " ")
    }

    private static func hasOperators(_ q: KeywordQuery) -> Bool {
        !q.excluded.isEmpty || !q.authors.isEmpty || !q.categories.isEmpty || q.since != nil || q.until != nil
    }

    /// Nothing to embed (only filters or exclusions, or an arXiv id).
    var isEmpty: Bool { text.trimmingWhitespace().isEmpty || parsed.arxivID != nil }

    /// True when some paper could be dropped: results must then be checked one by one.
    var filters: Bool {
        !requestFilter.isEmpty || !parsed.categories.isEmpty || parsed.since != nil || parsed.until != nil
            || !parsed.excluded.isEmpty || !parsed.authors.isEmpty
    }

    /// Every filter but the request's `withCode`, which `SearchService` asks the store about.
    func admits(_ paper: Paper) -> Bool {
        guard requestFilter.matches(paper.categories), parsed.categories.matches(paper.categories) else { return false }
        if parsed.since != nil || parsed.until != nil {
            guard let day = paper.feedDay else { return false }
            if let since = parsed.since, day < since { return false }
            if let until = parsed.until, day > until { return false }
        }
        if !parsed.excluded.isEmpty {
            let haystack = (paper.title + " " + paper.abstract).lowercased()
            if parsed.excluded.contains(where: { haystack.contains($0.text.lowercased()) }) { return false }
        }
        let names = paper.authors.map { $0.name.lowercased() }
        return parsed.authors.allSatisfy { want in names.contains { $0.contains(want.lowercased()) } }
    }
}
