import Foundation
import GRDB
import PaperboyCore

extension SQLiteStore {
    /// bm25 column weights (title, abstract, author names). Title 3 was best on SciFact train
    /// qrels (nDCG@10 0.6975 vs 0.6908 at 1, 0.6965 at 4; porter stemming +0.03 over none).
    static let bm25Weights = "bm25(3.0, 1.0, 1.0)"
    /// Counting every match of a common word costs as much as ranking them; past this many
    /// the total says "at least" (`SearchResults.total` is then exactly this number).
    public static let searchCountCap = 10_000
    /// bm25 must score every match before it can sort, which for a word in half of a million
    /// papers takes most of a second. Past this many matches, ranking (and the newest sort)
    /// considers only the most recently added ones; when that window holds too few results
    /// for the page asked (say a rare category filter), the search runs over all matches.
    public static let defaultRankingWindow = 10_000

    public func search(_ request: SearchRequest) async throws -> SearchResults {
        let query = KeywordQuery(parsing: request.query)
        let limit = max(0, min(request.limit, 1_000)), offset = max(0, request.offset)
        let terms = query.highlightTerms, notes = query.notes
        if let answer = try await shortcutAnswer(query, request) { return answer }
        let plan = SearchPlan(query: query, request: request)
        if plan.match != nil,
           let (hits, known) = try await keywordIndex?.search(self, query, request, limit: limit, offset: offset, countCap: Self.searchCountCap) {
            let total = try await read { db in
                try Self.total(page: hits.count, limit: limit, offset: offset, known: known, request: request, plan: plan, db)
            }
            return SearchResults(hits: hits, total: total, terms: terms, notes: notes)
        }
        return try await read { [notes, rankingWindow] db in
            func page(window: Int64?) throws -> [SearchHit] {
                let (sql, arguments) = plan.page(window: window)
                return try Row.fetchAll(db, sql: sql, arguments: arguments + [limit, offset]).map { row in
                    SearchHit(paper: try PaperRecord(row: row).paper(), score: row["score"] ?? 0)
                }
            }
            let window = try plan.windowStart(db, size: rankingWindow)
            var hits = try page(window: window)
            if window != nil, hits.count < limit { hits = try page(window: nil) }
            // A window exists only past `rankingWindow` text matches, and without filters every
            // text match counts: the capped count is known without walking them again.
            let known = window != nil && plan.filters.isEmpty && rankingWindow >= Self.searchCountCap ? Self.searchCountCap : nil
            let total = try Self.total(page: hits.count, limit: limit, offset: offset, known: known, request: request, plan: plan, db)
            return SearchResults(hits: hits, total: total, terms: terms, notes: notes)
        }
    }

    /// `SearchResults.total` for a page of `page` hits: a page shorter than asked (and not past
    /// the end) ends the matches; else the count the search already knows (`known`); else, for
    /// a request that shows no count, that lower bound; else FTS5 counts, up to the cap.
    static func total(page: Int, limit: Int, offset: Int, known: Int?, request: SearchRequest, plan: SearchPlan,
                      _ db: Database) throws -> Int {
        if page < limit, page > 0 || offset == 0 { return offset + page }
        if let known { return known }
        if !request.countsTotal { return offset + page }
        return try Int.fetchOne(db, sql: plan.countSQL, arguments: plan.arguments + [searchCountCap]) ?? 0
    }

    public func paper(id: String) async throws -> Paper? {
        try await read { db in
            try PaperRecord.filter { $0.id == id && !$0.deleted }.fetchOne(db)?.paper()
        }
    }

    public func papers(ids: [String]) async throws -> [Paper] {
        let found = try await read { db in
            try PaperRecord.filter { ids.contains($0.id) && !$0.deleted }.fetchAll(db).map { try $0.paper() }
        }
        let byID = Dictionary(found.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }
}

/// The SQL of one search: the text match (when there is one) joined to the paper filters.
/// Without filters the ranking runs on the index alone (`ORDER BY rank LIMIT`, FTS5's fast path).
struct SearchPlan {
    /// The FTS5 expression, when the query has words, phrases or authors.
    var match: String?
    var filters = SQLFilters()
    var sort: SearchSort
    var countSQL: String
    var arguments: StatementArguments

    init(query: KeywordQuery, request: SearchRequest) {
        filters.add(query.categories)
        filters.add(request.filter)
        if let since = query.since { filters.add("p.feedDay >= ?", since.description) }
        if let until = query.until { filters.add("p.feedDay <= ?", until.description) }
        sort = request.sort
        match = FTSExpression.positive(query, mode: request.match)
        if let match {
            arguments = [match] + filters.arguments
            // Without filters the index alone answers (it holds live papers only).
            countSQL = filters.isEmpty
                ? "SELECT count(*) FROM (SELECT 1 FROM paperFTS WHERE paperFTS MATCH ? LIMIT ?)"
                : "SELECT count(*) FROM (SELECT 1 FROM paperFTS f CROSS JOIN paper p ON p.rowid = f.rowid WHERE paperFTS MATCH ?\(filters.sql(prefix: " AND ")) LIMIT ?)"
        } else {
            // Filters only (`cat:cs.CL since:2024-01-01`, maybe with exclusions): newest first.
            if let negative = FTSExpression.negative(query) {
                filters.add("p.rowid NOT IN (SELECT rowid FROM paperFTS WHERE paperFTS MATCH ?)", negative)
            }
            arguments = filters.arguments
            countSQL = "SELECT count(*) FROM (SELECT 1 FROM paper p WHERE NOT p.deleted\(filters.sql(prefix: " AND ")) LIMIT ?)"
        }
    }

    /// The rowid from which the newest `size` text matches start; nil when there are fewer
    /// (then every match is ranked). Walking a doclist backwards costs little next to bm25.
    func windowStart(_ db: Database, size: Int) throws -> Int64? {
        guard let match else { return nil }
        return try Int64.fetchOne(db, sql: "SELECT rowid FROM paperFTS WHERE paperFTS MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?",
                                  arguments: [match, size - 1])
    }

    /// One page (LIMIT and OFFSET arguments to append), over matches from rowid `window` on.
    func page(window: Int64?) -> (String, StatementArguments) {
        guard let match else {
            return ("""
                SELECT p.*, 0.0 AS score FROM paper p WHERE NOT p.deleted\(filters.sql(prefix: " AND "))
                ORDER BY p.published DESC, p.id DESC LIMIT ? OFFSET ?
                """, arguments)
        }
        let windowCondition = window == nil ? "" : " AND f.rowid >= ?"
        let windowArgument: StatementArguments = window.map { [$0] } ?? []
        if filters.isEmpty && sort == .relevance {
            return ("""
                SELECT p.*, -f.rank AS score FROM (
                    SELECT rowid, rank FROM paperFTS f WHERE paperFTS MATCH ? AND rank MATCH ?\(windowCondition) ORDER BY rank LIMIT ? OFFSET ?
                ) f CROSS JOIN paper p ON p.rowid = f.rowid ORDER BY f.rank
                """, [match, SQLiteStore.bm25Weights] + windowArgument)
        }
        let order = sort == .newest ? "p.published DESC, p.id DESC" : "f.rank"
        return ("""
            SELECT p.*, -f.rank AS score FROM paperFTS f CROSS JOIN paper p ON p.rowid = f.rowid
            WHERE paperFTS MATCH ? AND f.rank MATCH ?\(windowCondition)\(filters.sql(prefix: " AND "))
            ORDER BY \(order) LIMIT ? OFFSET ?
            """, [match, SQLiteStore.bm25Weights] + windowArgument + filters.arguments)
    }
}

/// SQL conditions on `paper p` with their arguments, built from fixed fragments only.
struct SQLFilters {
    private var conditions: [String] = []
    private(set) var arguments = StatementArguments()

    var isEmpty: Bool { conditions.isEmpty }

    func sql(prefix: String) -> String {
        conditions.isEmpty ? "" : prefix + conditions.joined(separator: " AND ")
    }

    mutating func add(_ condition: String, _ values: any DatabaseValueConvertible...) {
        conditions.append(condition)
        arguments += StatementArguments(values)
    }

    /// Any of `include`, none of `exclude`, via the paperCategory index; code as corrected.
    mutating func add(_ filter: CategoryFilter) {
        if !filter.include.isEmpty { add(categories: filter.include, negated: false) }
        if !filter.exclude.isEmpty { add(categories: filter.exclude, negated: true) }
        if filter.withCode { add(SQLiteStore.effectiveHasCodeSQL) }
    }

    private mutating func add(categories patterns: [String], negated: Bool) {
        var tests: [String] = []
        var values: [any DatabaseValueConvertible] = []
        for pattern in patterns {
            let archive = pattern.hasSuffix(".*") ? String(pattern.dropLast(2)) : (pattern.contains(".") ? nil : pattern)
            if let archive {
                tests.append("c.category = ? OR c.category GLOB ?")
                values += [archive, archive + ".*"]
            } else {
                tests.append("c.category = ?")
                values.append(pattern)
            }
        }
        conditions.append("\(negated ? "NOT " : "")EXISTS (SELECT 1 FROM paperCategory c WHERE c.paperRowid = p.rowid AND (\(tests.joined(separator: " OR "))))")
        arguments += StatementArguments(values)
    }
}
