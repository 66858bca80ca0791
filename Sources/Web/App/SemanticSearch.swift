import PaperboyStore

/// Search by meaning, supplied by the `Search` module when an embedding model is configured.
/// The web app takes it as an optional dependency: without it the search page offers keyword
/// search only and the paper page leaves "Similar papers" empty.
public protocol SemanticSearch: Sendable {
    /// Papers closest in meaning to the paper `id`, best first, not including it.
    func similar(to id: String, limit: Int) async throws -> [SearchHit]
    /// Semantic-only or hybrid (keyword fused with semantic) search.
    func search(_ request: SearchRequest, mode: SearchMode) async throws -> SearchResults
}

/// What `/search?mode=` asks for. `keyword` is answered by the store, the others by `SemanticSearch`.
public enum SearchMode: String, Sendable, CaseIterable {
    case keyword, semantic, hybrid
}
