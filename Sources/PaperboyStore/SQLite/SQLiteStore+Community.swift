import Foundation
import GRDB
import PaperboyCore

/// Votes and submissions (`CommunitySchema.swift`). Each write is one transaction that also
/// reads back what the caller shows, so the count a voter sees is the count their vote made.
extension SQLiteStore: CommunityStore {
    public func setVote(userID: Int64, paperID: String, up: Bool, now: Date) async throws -> VoteTally {
        let day = Day(now).description
        return try await communityWrite { db in
            let rowid = try Self.livePaperRowid(paperID, db)
            if up {
                try db.execute(sql: "INSERT INTO vote (userId, paperRowid, day, createdAt) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                               arguments: [userID, rowid, day, now])
            } else {
                try db.execute(sql: "DELETE FROM vote WHERE userId = ? AND paperRowid = ?", arguments: [userID, rowid])
            }
            let upvotes = try Int.fetchOne(db, sql: """
                SELECT p.upvotes + coalesce(v.votes, 0) FROM paper p LEFT JOIN paperVotes v ON v.paperRowid = p.rowid
                WHERE p.rowid = ?
                """, arguments: [rowid]) ?? 0
            return VoteTally(upvotes: upvotes, upvoted: up)
        }
    }

    public func upvotedPapers(userID: Int64) async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT p.id FROM vote v JOIN paper p ON p.rowid = v.paperRowid WHERE v.userId = ? ORDER BY v.createdAt, p.id",
                                arguments: [userID])
        }
    }

    public func submittedPapers(userID: Int64) async throws -> [String] {
        try await read { db in
            try String.fetchAll(db, sql: """
                SELECT p.id FROM submission s JOIN paper p ON p.rowid = s.paperRowid WHERE s.userId = ? ORDER BY s.submittedAt, p.id
                """, arguments: [userID])
        }
    }

    public func upvoted(userID: Int64, among paperIDs: [String]) async throws -> Set<String> {
        guard !paperIDs.isEmpty else { return [] }
        return try await read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT p.id FROM paper p JOIN vote v ON v.paperRowid = p.rowid AND v.userId = ?
                WHERE p.id IN (SELECT value FROM json_each(?))
                """, arguments: [userID, Self.jsonArray(paperIDs)]))
        }
    }

    public func activity(paperIDs: [String]) async throws -> [String: PaperActivity] {
        guard !paperIDs.isEmpty else { return [:] }
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM (
                    SELECT p.id, coalesce(v.votes, 0) AS votes, s.paperRowid IS NOT NULL AS submitted, s.userId, u.username, s.submittedAt,
                           (SELECT count(*) FROM comment c WHERE c.paperRowid = p.rowid AND c.deletedAt IS NULL AND c.hiddenAt IS NULL) AS comments
                    FROM paper p LEFT JOIN paperVotes v ON v.paperRowid = p.rowid
                    LEFT JOIN submission s ON s.paperRowid = p.rowid LEFT JOIN user u ON u.id = s.userId
                    WHERE p.id IN (SELECT value FROM json_each(?)))
                WHERE votes > 0 OR submitted OR comments > 0
                """, arguments: [Self.jsonArray(paperIDs)])
            return Dictionary(rows.map { row -> (String, PaperActivity) in
                let id: String = row["id"]
                let submission = (row["submitted"] as Bool)
                    ? Submission(paperID: id, userID: row["userId"], username: row["username"], submittedAt: row["submittedAt"])
                    : nil
                return (id, PaperActivity(localVotes: row["votes"], submission: submission, comments: row["comments"]))
            }, uniquingKeysWith: { a, _ in a })
        }
    }

    public func submit(paperID: String, userID: Int64, now: Date) async throws -> (submission: Submission, isNew: Bool) {
        let day = Day(now).description
        return try await communityWrite { db in
            let rowid = try Self.livePaperRowid(paperID, db)
            try db.execute(sql: """
                INSERT INTO submission (paperRowid, userId, day, submittedAt) VALUES (?, ?, ?, ?)
                ON CONFLICT(paperRowid) DO NOTHING
                """, arguments: [rowid, userID, day, now])
            let isNew = db.changesCount > 0
            let row = try Row.fetchOne(db, sql: """
                SELECT s.userId, u.username, s.submittedAt FROM submission s LEFT JOIN user u ON u.id = s.userId
                WHERE s.paperRowid = ?
                """, arguments: [rowid])
            guard let row else { throw CommunityError.noSuchPaper(paperID) }
            return (Submission(paperID: paperID, userID: row["userId"], username: row["username"], submittedAt: row["submittedAt"]), isNew)
        }
    }

    public func submissionCount(userID: Int64, since: Date) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM submission WHERE userId = ? AND submittedAt >= ?",
                             arguments: [userID, since]) ?? 0
        }
    }

    public func removeSubmission(paperID: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM submission WHERE paperRowid = (SELECT rowid FROM paper WHERE id = ?)", arguments: [paperID])
            return db.changesCount > 0
        }
    }

    public func communityListing(_ request: ListingRequest) async throws -> Listing {
        var filters = SQLFilters()
        filters.add(request.filter)
        let first = request.range.first.description, last = request.range.last.description
        // Papers submitted or voted for on the range's days (UNION: each once), then the
        // filters on the paper.
        let from = """
            FROM (SELECT paperRowid FROM submission WHERE day BETWEEN ? AND ?
                  UNION SELECT paperRowid FROM vote WHERE day BETWEEN ? AND ?) picked
            JOIN paper p ON p.rowid = picked.paperRowid
            LEFT JOIN paperVotes v ON v.paperRowid = p.rowid LEFT JOIN submission s ON s.paperRowid = p.rowid
            WHERE NOT p.deleted\(filters.sql(prefix: " AND "))
            """
        // A paper joins the list when submitted, else with its first vote.
        let since = "coalesce(s.submittedAt, (SELECT min(createdAt) FROM vote WHERE paperRowid = p.rowid))"
        let newest = "\(since) DESC, p.id DESC"
        let rankSQL = """
            SELECT p.rowid, p.upvotes + coalesce(v.votes, 0) AS votes,
                   trending(p.upvotes + coalesce(v.votes, 0), (? - julianday(\(since))) * 24.0) AS trend, count(*) OVER () AS total
            \(from) ORDER BY \(request.sort == .trending ? "trend DESC, " + newest : newest) LIMIT ? OFFSET ?
            """
        let rangeEnd = request.range.last.date.addingTimeInterval(86_400)
        let clock = Self.julianDay(min(request.now, rangeEnd))
        let arguments: StatementArguments = [first, last, first, last] + filters.arguments
        return try await rankedListing(rankSQL: rankSQL, rankArguments: [clock] + arguments, page: request,
                                       countSQL: "SELECT count(*) \(from)", countArguments: arguments)
    }

    /// The row of a paper people can act on (a deleted one cannot be voted for or submitted).
    static func livePaperRowid(_ paperID: String, _ db: Database) throws -> Int64 {
        guard let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM paper WHERE id = ? AND NOT deleted", arguments: [paperID]) else {
            throw CommunityError.noSuchPaper(paperID)
        }
        return rowid
    }

    /// `write`, with a vote or submission by a user who does not exist (or was deleted
    /// meanwhile: the foreign key decides) turned into `CommunityError.noSuchUser`.
    func communityWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await write(body)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw CommunityError.noSuchUser
        }
    }
}
