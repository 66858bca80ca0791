import PaperboyCore
import PaperboyStore
import Search

/// Search by meaning, supplied by the `Search` module when an embedding model is configured.
/// The web app takes it as an optional dependency: without it the search page offers keyword
/// search only and the paper page leaves "Similar papers" empty.
public protocol SemanticSearch: Sendable {
    /// Papers closest in meaning to the paper `id`, best first, not including it; nil when the
    /// paper is unknown.
    func similar(to id: String, limit: Int, filter: CategoryFilter) async throws -> [SearchHit]?
    /// Keyword, semantic-only or hybrid (keyword fused with semantic) search.
    func search(_ request: SearchRequest, mode: SearchMode) async throws -> SearchResults
    /// Personal rankings over the same vectors; nil while there are none.
    var recommender: Recommender? { get }
}

extension SemanticSearch {
    var recommender: Recommender? { nil }
}

/// The Search module's service is the production implementation.
extension SearchService: SemanticSearch {
    public var recommender: Recommender? { index.count > 0 ? Recommender(index: index) : nil }
}
