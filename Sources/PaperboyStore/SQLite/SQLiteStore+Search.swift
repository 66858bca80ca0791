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
        let plan = SearchPlan(query: query, request: request)
        return try await read { [notes] db in
            let rows = try Row.fetchAll(db, sql: plan.pageSQL, arguments: plan.arguments + [limit, offset])
            let hits = try rows.map { row in
                SearchHit(paper: try PaperRecord(row: row).paper(), score: row["score"] ?? 0)
            }
            let total: Int
            if hits.count < limit, hits.count > 0 || offset == 0 {
                total = offset + hits.count
            } else {
                total = try Int.fetchOne(db, sql: plan.countSQL, arguments: plan.arguments + [Self.searchCountCap]) ?? 0
            }
            return SearchResults(hits: hits, total: total, terms: terms, notes: notes)
        }
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
    var pageSQL: String
    var countSQL: String
    var arguments: StatementArguments

    init(query: KeywordQuery, request: SearchRequest) {
        var filters = SQLFilters()
        filters.add(query.categories)
        filters.add(request.filter)
        if let since = query.since { filters.add("p.feedDay >= ?", since.description) }
        if let until = query.until { filters.add("p.feedDay <= ?", until.description) }
        let order = request.sort == .newest ? "p.published DESC, p.id DESC" : "f.rank"

        if let match = FTSExpression.positive(query, mode: request.match) {
            arguments = [match, SQLiteStore.bm25Weights] + filters.arguments
            let from = """
                FROM paperFTS f CROSS JOIN paper p ON p.rowid = f.rowid
                WHERE paperFTS MATCH ? AND f.rank MATCH ?\(filters.sql(prefix: " AND "))
                """
            if filters.isEmpty && request.sort == .relevance {
                pageSQL = """
                    SELECT p.*, -m.rank AS score FROM (
                        SELECT rowid, rank FROM paperFTS WHERE paperFTS MATCH ? AND rank MATCH ? ORDER BY rank LIMIT ? OFFSET ?
                    ) m CROSS JOIN paper p ON p.rowid = m.rowid ORDER BY m.rank
                    """
            } else {
                pageSQL = "SELECT p.*, -f.rank AS score \(from) ORDER BY \(order) LIMIT ? OFFSET ?"
            }
            countSQL = "SELECT count(*) FROM (SELECT 1 \(from) LIMIT ?)"
        } else {
            // Filters only (`cat:cs.CL since:2024-01-01`, maybe with exclusions): newest first.
            if let negative = FTSExpression.negative(query) {
                filters.add("p.rowid NOT IN (SELECT rowid FROM paperFTS WHERE paperFTS MATCH ?)", negative)
            }
            arguments = filters.arguments
            let from = "FROM paper p WHERE NOT p.deleted\(filters.sql(prefix: " AND "))"
            pageSQL = "SELECT p.*, 0.0 AS score \(from) ORDER BY p.published DESC, p.id DESC LIMIT ? OFFSET ?"
            countSQL = "SELECT count(*) FROM (SELECT 1 \(from) LIMIT ?)"
        }
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

    /// Any of `include`, none of `exclude`, via the paperCategory index.
    mutating func add(_ filter: CategoryFilter) {
        if !filter.include.isEmpty { add(categories: filter.include, negated: false) }
        if !filter.exclude.isEmpty { add(categories: filter.exclude, negated: true) }
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
