import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// The community view (`CommunityStore.communityListing`): papers submitted or voted for on a
/// range's days, ranked like the paper listing (SQLite's `SQLiteStore+Community.swift`).
extension PostgresStore {
    public func communityListing(_ request: ListingRequest) async throws -> Listing {
        let first = request.range.first.description, last = request.range.last.description
        let filter = CommunityFilter(request.filter)
        // A range that is over ranks as it stood at its end.
        let clock = min(request.now, request.range.last.date.addingTimeInterval(86_400))
        let limit = max(0, request.limit), offset = max(0, request.offset)
        // Papers submitted or voted for on the range's days (UNION: each once), then the
        // filters on the paper. A paper joins the list when submitted, else with its first vote.
        let ranked = try await rows("""
            SELECT p.rowid, p.upvotes + coalesce(v.votes, 0),
                   (greatest(p.upvotes + coalesce(v.votes, 0), 0) + 1)::DOUBLE PRECISION
                       / power(greatest(0, extract(epoch FROM \(clock)::TIMESTAMPTZ - t.since)::DOUBLE PRECISION / 3600) + 2, \(Trending.gravity)),
                   count(*) OVER ()
            FROM (SELECT paperRowid FROM submission WHERE day BETWEEN \(first) AND \(last)
                  UNION SELECT paperRowid FROM vote WHERE day BETWEEN \(first) AND \(last)) picked
            JOIN paper p ON p.rowid = picked.paperRowid
            LEFT JOIN paperVotes v ON v.paperRowid = p.rowid LEFT JOIN submission s ON s.paperRowid = p.rowid
            CROSS JOIN LATERAL (SELECT coalesce(s.submittedAt, (SELECT min(createdAt) FROM vote WHERE paperRowid = p.rowid)) AS since) t
            WHERE NOT p.deleted
              AND (cardinality(\(filter.includeExact)::TEXT[]) + cardinality(\(filter.includeArchives)::TEXT[]) = 0
                   OR EXISTS (SELECT 1 FROM paperCategory c WHERE c.paperRowid = p.rowid
                              AND (c.category = ANY(\(filter.includeExact)) OR split_part(c.category, '.', 1) = ANY(\(filter.includeArchives)))))
              AND NOT EXISTS (SELECT 1 FROM paperCategory c WHERE c.paperRowid = p.rowid
                              AND (c.category = ANY(\(filter.excludeExact)) OR split_part(c.category, '.', 1) = ANY(\(filter.excludeArchives))))
              AND (NOT \(filter.withCode) OR \(unescaped: Self.effectiveHasCodeSQL))
            ORDER BY \(unescaped: request.sort == .trending ? "3 DESC, " : "")t.since DESC, p.id DESC
            LIMIT \(limit) OFFSET \(offset)
            """).map { try $0.decode((Int64, Int, Double?, Int).self) }
        let papers = try await communityPapers(rowids: ranked.map(\.0))
        let listed = ranked.compactMap { rowid, votes, trend, _ in
            papers[rowid].map { ListedPaper(paper: $0, votes: votes, trendingScore: trend ?? 0) }
        }
        if let total = ranked.first?.3 { return Listing(papers: listed, total: total) }
        // A page past the end has no rows to carry the count.
        let total = try await rows("""
            SELECT count(*)
            FROM (SELECT paperRowid FROM submission WHERE day BETWEEN \(first) AND \(last)
                  UNION SELECT paperRowid FROM vote WHERE day BETWEEN \(first) AND \(last)) picked
            JOIN paper p ON p.rowid = picked.paperRowid
            WHERE NOT p.deleted
              AND (cardinality(\(filter.includeExact)::TEXT[]) + cardinality(\(filter.includeArchives)::TEXT[]) = 0
                   OR EXISTS (SELECT 1 FROM paperCategory c WHERE c.paperRowid = p.rowid
                              AND (c.category = ANY(\(filter.includeExact)) OR split_part(c.category, '.', 1) = ANY(\(filter.includeArchives)))))
              AND NOT EXISTS (SELECT 1 FROM paperCategory c WHERE c.paperRowid = p.rowid
                              AND (c.category = ANY(\(filter.excludeExact)) OR split_part(c.category, '.', 1) = ANY(\(filter.excludeArchives))))
              AND (NOT \(filter.withCode) OR \(unescaped: Self.effectiveHasCodeSQL))
            """).first?.decode(Int.self) ?? 0
        return Listing(papers: listed, total: total)
    }

    /// The papers with these rowids, in full (a collection's items, a listing's page).
    func communityPapers(rowids: [Int64]) async throws -> [Int64: Paper] {
        guard !rowids.isEmpty else { return [:] }
        var papers: [Int64: Paper] = [:]
        for row in try await rows("""
            SELECT rowid, id, version, title, abstract, authors, categories, published, updated, announced,
                   comments, journalRef, doi, license, reportNo, submitter, hub
            FROM paper WHERE rowid = ANY(\(rowids))
            """) {
            let (rowid, id, version, title, abstract, authors, categories, published, updated, announced,
                 comments, journalRef, doi, license, reportNo, submitter, hub) =
                try row.decode((Int64, String, Int, String, String, String, String, Date?, Date?, String?,
                                String?, String?, String?, String?, String?, String?, String?).self)
            papers[rowid] = Paper(id: id, version: version, title: title, abstract: abstract,
                                  authors: try Self.json([Author].self, authors, column: "authors", id: id),
                                  categories: categories.split(separator: " ").map(String.init),
                                  published: published, updated: updated, announced: announced.flatMap(Day.init),
                                  comments: comments, journalRef: journalRef, doi: doi, license: license, reportNo: reportNo,
                                  submitter: submitter, hub: try hub.map { try Self.json(HubInfo.self, $0, column: "hub", id: id) })
        }
        return papers
    }

    private static func json<T: Decodable>(_ type: T.Type, _ text: String, column: String, id: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch {
            throw PostgresDecodingError(description: "paper \(id): \(column) is not \(T.self) JSON (\(error))")
        }
    }
}

/// A `CategoryFilter` as arrays the SQL binds: exact categories (`cs.CL`) and whole archives
/// (`cs.*`, `cs`: `cs` and every `cs.XX`), so the statement's text never changes.
struct CommunityFilter {
    var includeExact: [String] = [], includeArchives: [String] = []
    var excludeExact: [String] = [], excludeArchives: [String] = []
    var withCode: Bool

    init(_ filter: CategoryFilter) {
        withCode = filter.withCode
        (includeExact, includeArchives) = Self.split(filter.include)
        (excludeExact, excludeArchives) = Self.split(filter.exclude)
    }

    private static func split(_ patterns: [String]) -> (exact: [String], archives: [String]) {
        var exact: [String] = [], archives: [String] = []
        for pattern in patterns {
            if pattern.hasSuffix(".*") { archives.append(String(pattern.dropLast(2))) }
            else if !pattern.contains(".") { archives.append(pattern) }
            else { exact.append(pattern) }
        }
        return (exact, archives)
    }
}
