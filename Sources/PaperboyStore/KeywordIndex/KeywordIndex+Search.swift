import PaperboyCore

extension KeywordIndex {
    /// A keyword search of `source` ranked in memory: the page of hits and, when the index alone knows it,
    /// the number of matches (counted up to `countCap`). Nil while no view is ready: the store
    /// answers with its own full-text search.
    public func search(_ source: any KeywordSource, _ query: KeywordQuery, _ request: SearchRequest, limit: Int, offset: Int,
                countCap: Int) async throws -> (hits: [SearchHit], total: Int?)? {
        guard let view = try await current(source) else { return nil }
        let tokenizer = try FullTextTokenizer()
        let tokenized = try TokenizedQuery(query, request, tokenizer: tokenizer)
        let matcher = PhraseMatcher(query: tokenized, tokenizer: tokenizer)
        let found = try await view.search(tokenized, sort: request.sort, wanted: offset + limit,
                                          countCap: request.countsTotal ? countCap : 0) { candidates, wanted in
            var confirmed = Set<Int64>()
            let texts = Dictionary(try await source.keywordTexts(candidates).map { ($0.rowid, $0) }, uniquingKeysWith: { a, _ in a })
            for rowid in candidates where confirmed.count < wanted {
                if let text = texts[rowid], try matcher.matches(text) { confirmed.insert(rowid) }
            }
            return confirmed
        }
        let papers = try await source.keywordPapers(found.hits.map(\.rowid))
        var ranked = found.hits.compactMap { hit in papers[hit.rowid].map { (paper: $0, score: hit.score) } }
        // Each segment ranked its own matches: merged, they need sorting again.
        if view.delta != nil {
            ranked.sort { a, b in
                request.sort == .newest
                    ? (a.paper.published ?? .distantPast, a.paper.id) > (b.paper.published ?? .distantPast, b.paper.id)
                    : a.score > b.score
            }
        }
        return (ranked.dropFirst(offset).prefix(limit).map { SearchHit(paper: $0.paper, score: $0.score) }, found.total)
    }
}
