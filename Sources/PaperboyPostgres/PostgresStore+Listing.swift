import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

extension PostgresStore {
    /// Ties (and the newest sort) go to the paper submitted last; NULLs last, as SQLite sorts them.
    static func newest(_ alias: String) -> String { "\(alias).published DESC NULLS LAST, \(alias).id DESC" }

    public func listing(_ request: ListingRequest) async throws -> Listing {
        var query = QueryBuilder()
        let now = try query.bind(request.now.timeIntervalSince1970)
        let conditions = try Self.conditions(range: (request.range.first, request.range.last), filter: request.filter, &query)
        let limit = try query.bind(max(0, request.limit)), offset = try query.bind(max(0, request.offset))
        // Votes are the imported ones plus local ones; trending is `Trending.score` over the
        // hours since the announcement (or submission), the clock being `request.now`.
        let votes = "p.upvotes + coalesce(v.votes, 0)"
        let since = "coalesce(extract(epoch FROM p.announced::date), extract(epoch FROM p.published))::float8"
        let trend = "(greatest(\(votes), 0) + 1) / power(greatest(coalesce((\(now)::float8 - \(since)) / 3600.0, 0), 0) + 2, \(Trending.gravity)::float8)"
        let order = { (trend: String, alias: String) in request.sort == .trending ? "\(trend) DESC, " + Self.newest(alias) : Self.newest(alias) }
        // The page is ranked on narrow rows, then only its papers are read in full.
        let ranked = try await rows(query.query("""
            SELECT r.votes, r.trend, r.total, \(PaperRow.columns()) FROM (
                SELECT p.rowid, p.published, p.id, \(votes) AS votes, \(trend) AS trend, count(*) OVER () AS total
                FROM paper p LEFT JOIN paperVotes v ON v.paperRowid = p.rowid WHERE \(conditions)
                ORDER BY \(order("trend", "p")) LIMIT \(limit) OFFSET \(offset)
            ) r JOIN paper p ON p.rowid = r.rowid ORDER BY \(order("r.trend", "r"))
            """))
        let papers = try ranked.map { row in
            let cells = row.makeRandomAccess()
            return ListedPaper(paper: try PaperRow(cells, at: 3).paper(), votes: try cells[0].decode(Int.self),
                               trendingScore: try cells[1].decode(Double.self))
        }
        if let first = ranked.first { return Listing(papers: papers, total: try first.makeRandomAccess()[2].decode(Int.self)) }
        // A page past the end has no rows to carry the count.
        var count = QueryBuilder()
        let countConditions = try Self.conditions(range: (request.range.first, request.range.last), filter: request.filter, &count)
        let total = try await rows(count.query("SELECT count(*) FROM paper p WHERE \(countConditions)")).first?.decode(Int.self) ?? 0
        return Listing(papers: papers, total: total)
    }

    /// The conditions on a live paper `p` in `range` passing `filter`, as one SQL condition.
    static func conditions(range: (first: Day, last: Day)?, filter: CategoryFilter, _ query: inout QueryBuilder) throws -> String {
        var conditions = ["NOT p.deleted"]
        if let range {
            conditions.append("p.feedDay BETWEEN \(try query.bind(range.first.description)) AND \(try query.bind(range.last.description))")
        }
        conditions += try categoryConditions(filter, &query)
        return conditions.joined(separator: " AND ")
    }

    /// Any of `include`, none of `exclude`, via the paperCategory index; code as found.
    static func categoryConditions(_ filter: CategoryFilter, _ query: inout QueryBuilder) throws -> [String] {
        var conditions: [String] = []
        for (patterns, negated) in [(filter.include, false), (filter.exclude, true)] where !patterns.isEmpty {
            var exact: [String] = [], prefixes: [String] = []
            for pattern in patterns {
                // Archives are plain names (`CategoryFilter.isValidPattern`): no LIKE wildcards.
                if let archive = pattern.hasSuffix(".*") ? String(pattern.dropLast(2)) : (pattern.contains(".") ? nil : pattern) {
                    exact.append(archive)
                    prefixes.append(archive + ".%")
                } else {
                    exact.append(pattern)
                }
            }
            conditions.append("""
                \(negated ? "NOT " : "")EXISTS (SELECT 1 FROM paperCategory c WHERE c.paperRowid = p.rowid \
                AND (c.category = ANY(\(try query.bind(exact))) OR c.category LIKE ANY(\(try query.bind(prefixes)))))
                """)
        }
        if filter.withCode { conditions.append(effectiveHasCodeSQL) }
        return conditions
    }

    public func paperIDs(from first: Day, through last: Day, filter: CategoryFilter) async throws -> [String] {
        var query = QueryBuilder()
        let conditions = try Self.conditions(range: (first, last), filter: filter, &query)
        return try await rows(query.query("SELECT p.id FROM paper p WHERE \(conditions) ORDER BY \(Self.newest("p"))"))
            .map { try $0.decode(String.self) }
    }

    public func latestDay(filter: CategoryFilter) async throws -> Day? {
        try await nearestDay(filter: filter, condition: nil, ascending: false)
    }

    public func neighbourDays(of range: DayRange, filter: CategoryFilter) async throws -> (previous: Day?, next: Day?) {
        let previous = try await nearestDay(filter: filter, condition: ("<", range.first), ascending: false)
        let next = try await nearestDay(filter: filter, condition: (">", range.last), ascending: true)
        return (previous, next)
    }

    /// Walks the feedDay index from one end and stops at the first paper passing the filter.
    private func nearestDay(filter: CategoryFilter, condition: (comparison: String, day: Day)?, ascending: Bool) async throws -> Day? {
        var query = QueryBuilder()
        var conditions = try Self.conditions(range: nil, filter: filter, &query)
        if let (comparison, day) = condition {
            conditions += " AND p.feedDay \(comparison) \(try query.bind(day.description))"
        } else {
            conditions += " AND p.feedDay IS NOT NULL"
        }
        let sql = "SELECT p.feedDay FROM paper p WHERE \(conditions) ORDER BY p.feedDay \(ascending ? "ASC" : "DESC") LIMIT 1"
        return try await rows(query.query(sql)).first.flatMap { Day(try $0.decode(String.self)) }
    }

    public func stats() async throws -> StoreStats {
        let papers = try await paperCount()
        let days = try await rows("SELECT min(feedDay), max(feedDay) FROM paper WHERE NOT deleted").first?.decode((String?, String?).self)
        let categories = try await rows("""
            SELECT primaryCategory, count(*) AS n FROM paper WHERE NOT deleted AND primaryCategory IS NOT NULL
            GROUP BY primaryCategory ORDER BY n DESC, primaryCategory
            """).map { row in
            let (category, count) = try row.decode((String, Int).self)
            return StoreStats.CategoryCount(category: category, papers: count)
        }
        var embeddings: [String: [String: Int]] = [:]
        for row in try await rows("SELECT model, precision, count(*) FROM embedding GROUP BY model, precision") {
            let (model, precision, count) = try row.decode((String, String, Int).self)
            embeddings[model, default: [:]][precision] = count
        }
        return StoreStats(papers: papers, firstDay: days?.0.flatMap(Day.init), lastDay: days?.1.flatMap(Day.init),
                          categories: categories, embeddingPrecisions: embeddings)
    }

    public func paperCount() async throws -> Int {
        try await rows("SELECT count(*) FROM paper WHERE NOT deleted").first?.decode(Int.self) ?? 0
    }

    /// The tables the pages, searches and feeds read, each probed with a one-row query.
    static let tablesPagesNeed = ["paper", "paperCategory", "paperVotes", "paperChange", "checkpoint", "embedding"]

    public func checkHealth() async throws {
        for table in Self.tablesPagesNeed {
            do {
                try await execute(PostgresQuery(unsafeSQL: "SELECT 1 FROM \(table) LIMIT 1"))
            } catch {
                throw StoreHealthError(reason: "table \(table) is missing or unreadable", detail: String(reflecting: error))
            }
        }
    }
}
