import PaperboyCore
import PaperboyStore

public enum SearchMode: String, Sendable, CaseIterable, Codable {
    case keyword, semantic, hybrid
}

/// Search as the web and CLI use it: keyword (the store's bm25), semantic (the query embedded,
/// nearest papers from the vector index) or both fused. Semantic and hybrid fall back to
/// keyword when there is no model or no vectors yet, saying so in `notes`.
public struct SearchService: Sendable {
    public let store: any PaperStore
    public let index: VectorIndex
    public let embedder: (any TextEmbedder)?
    public var fusion: Fusion
    /// How deep each list goes before fusion (and the most a semantic search pages through).
    public var depth: Int
    static let maxFilteredCandidates = 20_000

    public init(store: any PaperStore, index: VectorIndex, embedder: (any TextEmbedder)?, fusion: Fusion = .tuned, depth: Int = 100) {
        self.store = store; self.index = index; self.embedder = embedder; self.fusion = fusion; self.depth = depth
    }

    /// A search service over `store` with every stored vector of `embedder`'s model: what
    /// `serve` and the one-off commands (search, similar, eval) all start from.
    public static func load(store: any PaperStore, embedder: any TextEmbedder, fusion: Fusion = .tuned) async throws -> SearchService {
        let index = try await loadIndex(from: store, model: embedder.id, dimension: embedder.dimension)
        return SearchService(store: store, index: index, embedder: embedder, fusion: fusion)
    }

    /// Loads every stored vector of `embedder`'s model into a new index.
    public static func loadIndex(from store: any PaperStore, model: String, dimension: Int) async throws -> VectorIndex {
        try await VectorFollower(store: store, model: model, dimension: dimension).index
    }

    public var semanticAvailable: Bool { embedder != nil && index.count > 0 }

    public func search(_ request: SearchRequest, mode: SearchMode = .hybrid) async throws -> SearchResults {
        let semanticQuery = SemanticQuery(request)
        guard mode != .keyword else { return try await store.search(request) }
        guard let embedder, index.count > 0 else {
            var results = try await store.search(request)
            results.notes.append("Search by meaning is not available yet (no embeddings); showing keyword results.")
            return results
        }
        guard !semanticQuery.isEmpty else { return try await store.search(request) }

        let wanted = max(depth, request.offset + request.limit)
        let semantic = try await semanticHits(semanticQuery, embedder: embedder, count: wanted)
        if mode == .semantic {
            let terms = KeywordQuery(parsing: request.query).highlightTerms
            return SearchResults(hits: page(semantic, request), total: semantic.count, terms: terms, notes: semanticQuery.parsed.notes)
        }

        var keywordRequest = request
        keywordRequest.offset = 0
        keywordRequest.limit = wanted
        keywordRequest.sort = .relevance
        let keyword = try await store.search(keywordRequest)
        let fused = fusion.fuse(keyword: keyword.hits.map { ($0.paper.id, $0.score) },
                                semantic: semantic.map { ($0.paper.id, $0.score) })
        var papers: [String: Paper] = [:]
        for hit in keyword.hits + semantic { papers[hit.paper.id] = hit.paper }
        let hits = fused.compactMap { f in papers[f.id].map { SearchHit(paper: $0, score: f.score) } }
        return SearchResults(hits: page(hits, request), total: max(hits.count, keyword.total), terms: keyword.terms, notes: keyword.notes)
    }

    /// The `limit` papers nearest in meaning to paper `id` (never itself), or nil when the
    /// paper is unknown. A paper without a stored vector yet is embedded on the spot.
    public func similar(to id: String, limit: Int = 10, filter: CategoryFilter = .init()) async throws -> [SearchHit]? {
        let limit = max(0, min(limit, 100))
        let vector: [Float]
        if let stored = index.vector(for: id) {
            vector = stored
        } else {
            guard let paper = try await store.paper(id: id) else { return nil }
            guard let embedder, let fresh = await embedder.embedOffPool([EmbeddingText.of(paper)]).first else { return [] }
            vector = fresh
        }
        let filtering = SemanticQuery(SearchRequest(query: "", filter: filter))
        return try await nearest(to: vector, count: limit, excluding: [id], filteredBy: filtering)
    }

    // MARK: - Semantic retrieval

    private func semanticHits(_ query: SemanticQuery, embedder: any TextEmbedder, count: Int) async throws -> [SearchHit] {
        guard let vector = await embedder.embedOffPool([query.text]).first else { return [] }
        return try await nearest(to: vector, count: count, excluding: [], filteredBy: query)
    }

    /// Top `count` papers by cosine that pass the query's filters. With filters the index is
    /// asked for ever more candidates until enough pass, the whole index has been considered,
    /// or `maxFilteredCandidates` papers were checked (a filter that rejects nearly everything
    /// then returns fewer results rather than loading the whole store).
    private func nearest(to vector: [Float], count: Int, excluding: Set<String>, filteredBy query: SemanticQuery) async throws -> [SearchHit] {
        var asked = query.filters ? count * 4 : count
        while true {
            let matches = index.search(vector, k: asked, candidates: max(200, asked), excluding: excluding)
            let papers = try await store.papers(ids: matches.map(\.id))
            let byID = Dictionary(papers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var hits = matches.compactMap { m in byID[m.id].map { SearchHit(paper: $0, score: Double(m.score)) } }
                .filter { query.admits($0.paper) }
            if query.requestFilter.withCode {
                // Whether a paper has code depends on corrections, which only the store knows.
                let links = try await store.links(paperIDs: hits.map(\.paper.id))
                hits.removeAll { links[$0.paper.id]?.hasCode != true }
            }
            if hits.count >= count || matches.count < asked || asked >= min(index.count, Self.maxFilteredCandidates) {
                return Array(hits.prefix(count))
            }
            asked = min(asked * 8, index.count, Self.maxFilteredCandidates)
        }
    }

    private func page(_ hits: [SearchHit], _ request: SearchRequest) -> [SearchHit] {
        Array(hits.dropFirst(max(0, request.offset)).prefix(max(0, request.limit)))
    }
}

