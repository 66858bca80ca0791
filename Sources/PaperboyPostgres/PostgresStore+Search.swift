import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Keyword search on PostgreSQL's full-text search: the `textVector` column (title weight A,
/// abstract B, author names C, folded by `SearchText`) behind a GIN index, queried with
/// `phraseto_tsquery` per term, so any typed text is a list of words and never tsquery syntax.
extension PostgresStore {
    /// As `SQLiteStore.searchCountCap`: past this many matches `total` means "at least".
    public static let searchCountCap = 10_000
    /// `ts_rank` weights {D, C, B, A}: title 3 times abstract and authors, as SQLite's bm25(3, 1, 1).
    static let rankWeights = "'{0.1, 0.3333, 0.3333, 1.0}'"

    public func search(_ request: SearchRequest) async throws -> SearchResults {
        let query = KeywordQuery(parsing: request.query)
        let limit = max(0, min(request.limit, 1_000)), offset = max(0, request.offset)
        let terms = query.highlightTerms
        var notes = query.notes

        if let id = query.arxivID, let paper = try await paper(id: id.base) {
            return SearchResults(hits: [SearchHit(paper: paper, score: 1)], total: 1, terms: [], notes: notes)
        }
        guard query.hasPositiveText || !(query.categories.isEmpty && request.filter.isEmpty && query.since == nil && query.until == nil) else {
            if !query.excluded.isEmpty { notes.append("Add a word to search for: a query cannot only exclude.") }
            return SearchResults(hits: [], total: 0, terms: terms, notes: notes)
        }

        var page = QueryBuilder()
        let plan = try Self.searchPlan(query, request, &page)
        // Filters alone list newest first, as SQLite does.
        let order = request.sort == .relevance && plan.score != nil ? "score DESC, " + Self.newest("p") : Self.newest("p")
        let sql = """
            SELECT \(plan.score ?? "0.0::float8") AS score, \(PaperRow.columns()) FROM paper p WHERE \(plan.conditions)
            ORDER BY \(order) LIMIT \(try page.bind(limit)) OFFSET \(try page.bind(offset))
            """
        let hits = try await rows(page.query(sql)).map { row in
            let cells = row.makeRandomAccess()
            return SearchHit(paper: try PaperRow(cells, at: 1).paper(), score: try cells[0].decode(Double.self))
        }
        return SearchResults(hits: hits, total: try await total(page: hits.count, limit: limit, offset: offset, query, request),
                             terms: terms, notes: notes)
    }

    /// `SearchResults.total` for a page of `page` hits: a page shorter than asked (and not past
    /// the end) ends the matches; else, for a request that shows no count, that lower bound;
    /// else the matches are counted, up to the cap.
    private func total(page: Int, limit: Int, offset: Int, _ query: KeywordQuery, _ request: SearchRequest) async throws -> Int {
        if page < limit, page > 0 || offset == 0 { return offset + page }
        if !request.countsTotal { return offset + page }
        var count = QueryBuilder()
        let plan = try Self.searchPlan(query, request, &count)
        let sql = "SELECT count(*) FROM (SELECT 1 FROM paper p WHERE \(plan.conditions) LIMIT \(try count.bind(Self.searchCountCap))) m"
        return try await rows(count.query(sql)).first?.decode(Int.self) ?? 0
    }

    /// The conditions a search puts on `paper p`, and its relevance score when it has words
    /// to match (nil for filters alone).
    static func searchPlan(_ query: KeywordQuery, _ request: SearchRequest,
                           _ builder: inout QueryBuilder) throws -> (conditions: String, score: String?) {
        func tsquery(_ text: String) throws -> String { "phraseto_tsquery('paperboy', \(try builder.bind(SearchText.fold(text))))" }
        func any(_ parts: [String]) -> String { parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " || ") + ")" }

        var conditions = ["NOT p.deleted"]
        var positive = try query.matchClauses(request.match).map { clause in any(try clause.map { try tsquery($0.text) }) }
        for author in query.authors {
            let name = try tsquery(author)
            positive.append(name)
            // Only the author names (weight C) may match.
            conditions.append("ts_filter(p.textVector, '{c}') @@ \(name)")
        }
        var score: String?
        if !positive.isEmpty {
            let match = "(" + positive.joined(separator: " && ") + ")"
            conditions.insert("p.textVector @@ \(match)", at: 1)
            score = "ts_rank(\(rankWeights), p.textVector, \(match))::float8"
        }
        if !query.excluded.isEmpty {
            conditions.append("NOT (p.textVector @@ \(any(try query.excluded.map { try tsquery($0.text) })))")
        }
        conditions += try categoryConditions(query.categories, &builder)
        conditions += try categoryConditions(request.filter, &builder)
        if let since = query.since { conditions.append("p.feedDay >= \(try builder.bind(since.description))") }
        if let until = query.until { conditions.append("p.feedDay <= \(try builder.bind(until.description))") }
        return (conditions.joined(separator: " AND "), score)
    }
}
