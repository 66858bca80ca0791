import PaperboyCore

extension PaperStore {
    /// The answers every backend gives before it looks at its text index: an arXiv id finds its
    /// paper, and a query with neither text nor a filter finds nothing (with a note when it
    /// only excludes words). Nil when the index has to answer.
    public func shortcutAnswer(_ query: KeywordQuery, _ request: SearchRequest) async throws -> SearchResults? {
        var notes = query.notes
        if let id = query.arxivID, let paper = try await paper(id: id.base) {
            return SearchResults(hits: [SearchHit(paper: paper, score: 1)], total: 1, terms: [], notes: notes)
        }
        guard query.hasPositiveText || !(query.categories.isEmpty && request.filter.isEmpty && query.since == nil && query.until == nil) else {
            if !query.excluded.isEmpty { notes.append("Add a word to search for: a query cannot only exclude.") }
            return SearchResults(hits: [], total: 0, terms: query.highlightTerms, notes: notes)
        }
        return nil
    }
}
