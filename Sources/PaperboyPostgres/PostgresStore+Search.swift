import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Keyword search ranked by the in-memory index (`KeywordIndex`) as on SQLite; until it is built,
/// and for one-off searches from the command line, on PostgreSQL's full-text search: the `textVector` column (title weight A,
/// abstract B, author names C, folded by `SearchText`) behind a GIN index, queried with
/// `phraseto_tsquery` per term, so any typed text is a list of words and never tsquery syntax.
extension PostgresStore {
    /// As `SQLiteStore.searchCountCap`: past this many matches `total` means "at least".
    public static let searchCountCap = 10_000
    /// `ts_rank` weights {D, C, B, A}: title 3 times abstract and authors, as SQLite's bm25(3, 1, 1).
    static let rankWeights = "'{0.1, 0.3333, 0.3333, 1.0}'"

    /// As `SQLiteStore.defaultRankingWindow`: ranking every match of a common word reads every
    /// matching vector. Past this many text matches, ranking (and the newest sort) considers
    /// only the most recently added ones; when that window holds too few results for the page
    /// asked (say a rare category filter), the search runs over all matches.
    public static let defaultRankingWindow = 10_000

    public func search(_ request: SearchRequest) async throws -> SearchResults {
        try await search(request, rankingWindow: Self.defaultRankingWindow)
    }

    func search(_ request: SearchRequest, rankingWindow: Int) async throws -> SearchResults {
        let query = KeywordQuery(parsing: request.query)
        let limit = max(0, min(request.limit, 1_000)), offset = max(0, request.offset)
        let terms = query.highlightTerms, notes = query.notes
        if let answer = try await shortcutAnswer(query, request) { return answer }
        if query.hasPositiveText,
           let (hits, known) = try await keywordIndex?.search(self, query, request, limit: limit, offset: offset, countCap: Self.searchCountCap) {
            return SearchResults(hits: hits, total: try await total(page: hits.count, limit: limit, offset: offset, known: known, query, request),
                                 terms: terms, notes: notes)
        }

        func page(window: Int64?) async throws -> (hits: [SearchHit], filtered: Bool) {
            var page = QueryBuilder()
            let plan = try Self.searchPlan(query, request, &page)
            var conditions = plan.text + plan.filters
            if let window { conditions.append("p.rowid >= \(try page.bind(window))") }
            // Filters alone list newest first, as SQLite does.
            let order = request.sort == .relevance && plan.score != nil ? "score DESC, " + Self.newest("p") : Self.newest("p")
            let sql = """
                SELECT \(plan.score ?? "0.0::float8") AS score, \(PaperRow.columns()) FROM paper p WHERE \(conditions.joined(separator: " AND "))
                ORDER BY \(order) LIMIT \(try page.bind(limit)) OFFSET \(try page.bind(offset))
                """
            let hits = try await rows(page.query(sql)).map { row in
                let cells = row.makeRandomAccess()
                return SearchHit(paper: try PaperRow(cells, at: 1).paper(), score: try cells[0].decode(Double.self))
            }
            return (hits, !plan.filters.isEmpty)
        }
        let window = try await windowStart(query, request, size: rankingWindow)
        var (hits, filtered) = try await page(window: window)
        if window != nil, hits.count < limit { (hits, filtered) = try await page(window: nil) }
        // A window exists only past `rankingWindow` text matches, and without filters every
        // text match counts: the capped count is known without counting.
        let known = window != nil && !filtered && rankingWindow >= Self.searchCountCap ? Self.searchCountCap : nil
        return SearchResults(hits: hits, total: try await total(page: hits.count, limit: limit, offset: offset, known: known, query, request),
                             terms: terms, notes: notes)
    }

    /// The rowid from which the newest `size` text matches start; nil when there are fewer
    /// (then every match is ranked) or the search has no text to match.
    private func windowStart(_ query: KeywordQuery, _ request: SearchRequest, size: Int) async throws -> Int64? {
        var builder = QueryBuilder()
        let plan = try Self.searchPlan(query, request, &builder)
        guard plan.score != nil, size > 0 else { return nil }
        let sql = """
            SELECT p.rowid FROM paper p WHERE \(plan.text.joined(separator: " AND "))
            ORDER BY p.rowid DESC LIMIT 1 OFFSET \(try builder.bind(size - 1))
            """
        return try await rows(builder.query(sql)).first?.decode(Int64.self)
    }

    /// `SearchResults.total` for a page of `page` hits: a page shorter than asked (and not past
    /// the end) ends the matches; else the count the search already knows (`known`); else, for
    /// a request that shows no count, that lower bound; else the matches are counted, up to the cap.
    private func total(page: Int, limit: Int, offset: Int, known: Int?, _ query: KeywordQuery, _ request: SearchRequest) async throws -> Int {
        if page < limit, page > 0 || offset == 0 { return offset + page }
        if let known { return known }
        if !request.countsTotal { return offset + page }
        var count = QueryBuilder()
        let plan = try Self.searchPlan(query, request, &count)
        let conditions = (plan.text + plan.filters).joined(separator: " AND ")
        let sql = "SELECT count(*) FROM (SELECT 1 FROM paper p WHERE \(conditions) LIMIT \(try count.bind(Self.searchCountCap))) m"
        return try await rows(count.query(sql)).first?.decode(Int.self) ?? 0
    }

    /// What a search asks of `paper p`: `text`, the conditions on its words (live papers
    /// whose vector matches, authors among the author names, no excluded term), `filters` on
    /// categories and days, and the relevance `score` when there are words to match (nil for
    /// filters alone).
    struct SearchPlan {
        var text = ["NOT p.deleted"]
        var filters: [String] = []
        var score: String?
    }

    static func searchPlan(_ query: KeywordQuery, _ request: SearchRequest, _ builder: inout QueryBuilder) throws -> SearchPlan {
        func tsquery(_ text: String) throws -> String { "phraseto_tsquery('paperboy', \(try builder.bind(SearchText.fold(text))))" }
        func any(_ parts: [String]) -> String { parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " || ") + ")" }

        var plan = SearchPlan()
        var positive = try query.matchClauses(request.match).map { clause in any(try clause.map { try tsquery($0.text) }) }
        for author in query.authors {
            let name = try tsquery(author)
            positive.append(name)
            // Only the author names (weight C) may match.
            plan.text.append("ts_filter(p.textVector, '{c}') @@ \(name)")
        }
        if !positive.isEmpty {
            let match = "(" + positive.joined(separator: " && ") + ")"
            plan.text.insert("p.textVector @@ \(match)", at: 1)
            plan.score = "ts_rank(\(rankWeights), p.textVector, \(match))::float8"
        }
        if !query.excluded.isEmpty {
            plan.text.append("NOT (p.textVector @@ \(any(try query.excluded.map { try tsquery($0.text) })))")
        }
        plan.filters += try categoryConditions(query.categories, &builder)
        plan.filters += try categoryConditions(request.filter, &builder)
        if let since = query.since { plan.filters.append("p.feedDay >= \(try builder.bind(since.description))") }
        if let until = query.until { plan.filters.append("p.feedDay <= \(try builder.bind(until.description))") }
        return plan
    }
}
