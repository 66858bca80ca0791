import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// The community view (`CommunityStore.communityListing`): papers submitted or voted for on a
/// range's days, ranked as the paper listing ranks (`PostgresStore+Listing.swift`) but from
/// the submission, else the first vote (SQLite's `SQLiteStore+Community.swift`).
extension PostgresStore {
    public func communityListing(_ request: ListingRequest) async throws -> Listing {
        // A range that is over ranks as it stood at its end.
        let clock = min(request.now, request.range.last.date.addingTimeInterval(86_400))
        var query = QueryBuilder()
        let now = try query.bind(clock.timeIntervalSince1970)
        let (from, conditions) = try Self.picked(request, &query)
        let limit = try query.bind(max(0, request.limit)), offset = try query.bind(max(0, request.offset))
        let votes = "p.upvotes + coalesce(v.votes, 0)"
        let trend = """
            (greatest(\(votes), 0) + 1) / power(greatest(coalesce((\(now)::float8 - extract(epoch FROM t.since)::float8) / 3600.0, 0), 0) + 2, \
            \(Trending.gravity)::float8)
            """
        let byTrend = request.sort == .trending
        // A paper joins the list when submitted, else with its first vote (`t.since`). The page
        // is ranked on narrow rows, then only its papers are read in full.
        let ranked = try await rows(query.query("""
            SELECT r.votes, r.trend, r.total, \(PaperRow.columns()) FROM (
                SELECT p.rowid, p.id, t.since, \(votes) AS votes, \(trend) AS trend, count(*) OVER () AS total
                \(from)
                LEFT JOIN paperVotes v ON v.paperRowid = p.rowid LEFT JOIN submission s ON s.paperRowid = p.rowid
                CROSS JOIN LATERAL (SELECT coalesce(s.submittedAt, (SELECT min(createdAt) FROM vote WHERE paperRowid = p.rowid)) AS since) t
                WHERE \(conditions)
                ORDER BY \(byTrend ? "trend DESC, " : "")t.since DESC, p.id DESC LIMIT \(limit) OFFSET \(offset)
            ) r JOIN paper p ON p.rowid = r.rowid ORDER BY \(byTrend ? "r.trend DESC, " : "")r.since DESC, r.id DESC
            """))
        let papers = try ranked.map { row in
            let cells = row.makeRandomAccess()
            return ListedPaper(paper: try PaperRow(cells, at: 3).paper(), votes: try cells[0].decode(Int.self),
                               trendingScore: try cells[1].decode(Double?.self) ?? 0)
        }
        if let first = ranked.first { return Listing(papers: papers, total: try first.makeRandomAccess()[2].decode(Int.self)) }
        // A page past the end has no rows to carry the count.
        var count = QueryBuilder()
        let (countFrom, countConditions) = try Self.picked(request, &count)
        let total = try await rows(count.query("SELECT count(*) \(countFrom) WHERE \(countConditions)")).first?.decode(Int.self) ?? 0
        return Listing(papers: papers, total: total)
    }

    /// The papers submitted or voted for on the range's days (UNION: each once), as `paper p`,
    /// and the conditions on them: live, passing the filter.
    private static func picked(_ request: ListingRequest, _ query: inout QueryBuilder) throws -> (from: String, conditions: String) {
        let first = try query.bind(request.range.first.description), last = try query.bind(request.range.last.description)
        let from = """
            FROM (SELECT paperRowid FROM submission WHERE day BETWEEN \(first) AND \(last)
                  UNION SELECT paperRowid FROM vote WHERE day BETWEEN \(first) AND \(last)) picked
            JOIN paper p ON p.rowid = picked.paperRowid
            """
        return (from, try conditions(range: nil, filter: request.filter, &query))
    }
}
