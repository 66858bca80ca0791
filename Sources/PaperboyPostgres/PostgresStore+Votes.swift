import Foundation
import Logging
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Votes and submissions (`CommunitySchema.swift`). Each write is one transaction that also
/// reads back what the caller shows, so the count a voter sees is the count their vote made.
extension PostgresStore: CommunityStore {
    public func setVote(userID: Int64, paperID: String, up: Bool, now: Date) async throws -> VoteTally {
        let day = Day(now).description
        return try await communityWrite { connection in
            let rowid = try await livePaperRowid(paperID, connection)
            if up {
                try await connection.query("""
                    INSERT INTO vote (userId, paperRowid, day, createdAt) VALUES (\(userID), \(rowid), \(day), \(now))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            } else {
                try await connection.query("DELETE FROM vote WHERE userId = \(userID) AND paperRowid = \(rowid)", logger: logger)
            }
            let upvotes = try await connection.rows("""
                SELECT p.upvotes + coalesce(v.votes, 0) FROM paper p LEFT JOIN paperVotes v ON v.paperRowid = p.rowid
                WHERE p.rowid = \(rowid)
                """, logger: logger).first?.decode(Int.self) ?? 0
            return VoteTally(upvotes: upvotes, upvoted: up)
        }
    }

    public func upvotedPapers(userID: Int64) async throws -> [String] {
        try await rows("""
            SELECT p.id FROM vote v JOIN paper p ON p.rowid = v.paperRowid WHERE v.userId = \(userID) ORDER BY v.createdAt, p.id
            """).map { try $0.decode(String.self) }
    }

    public func submittedPapers(userID: Int64) async throws -> [String] {
        try await rows("""
            SELECT p.id FROM submission s JOIN paper p ON p.rowid = s.paperRowid WHERE s.userId = \(userID) ORDER BY s.submittedAt, p.id
            """).map { try $0.decode(String.self) }
    }

    public func upvoted(userID: Int64, among paperIDs: [String]) async throws -> Set<String> {
        guard !paperIDs.isEmpty else { return [] }
        return Set(try await rows("""
            SELECT p.id FROM paper p JOIN vote v ON v.paperRowid = p.rowid AND v.userId = \(userID) WHERE p.id = ANY(\(paperIDs))
            """).map { try $0.decode(String.self) })
    }

    public func activity(paperIDs: [String]) async throws -> [String: PaperActivity] {
        guard !paperIDs.isEmpty else { return [:] }
        let found = try await rows("""
            SELECT id, votes, submitted, userId, username, submittedAt, comments FROM (
                SELECT p.id, coalesce(v.votes, 0) AS votes, s.paperRowid IS NOT NULL AS submitted, s.userId, u.username, s.submittedAt,
                       (SELECT count(*) FROM comment c WHERE c.paperRowid = p.rowid AND c.deletedAt IS NULL AND c.hiddenAt IS NULL) AS comments
                FROM paper p LEFT JOIN paperVotes v ON v.paperRowid = p.rowid
                LEFT JOIN submission s ON s.paperRowid = p.rowid LEFT JOIN account u ON u.id = s.userId
                WHERE p.id = ANY(\(paperIDs))) a
            WHERE votes > 0 OR submitted OR comments > 0
            """)
        var activity: [String: PaperActivity] = [:]
        for row in found {
            let (id, votes, submitted, userID, username, submittedAt, comments) =
                try row.decode((String, Int, Bool, Int64?, String?, Date?, Int).self)
            let submission = submitted
                ? submittedAt.map { Submission(paperID: id, userID: userID, username: username, submittedAt: $0) }
                : nil
            activity[id] = PaperActivity(localVotes: votes, submission: submission, comments: comments)
        }
        return activity
    }

    public func submit(paperID: String, userID: Int64, now: Date) async throws -> (submission: Submission, isNew: Bool) {
        let day = Day(now).description
        return try await communityWrite { connection in
            let rowid = try await livePaperRowid(paperID, connection)
            // A racing submission waits for the first to commit, then inserts nothing; the
            // read below (a new statement) sees the one that stands.
            let inserted = try await connection.rows("""
                INSERT INTO submission (paperRowid, userId, day, submittedAt) VALUES (\(rowid), \(userID), \(day), \(now))
                ON CONFLICT (paperRowid) DO NOTHING RETURNING paperRowid
                """, logger: logger)
            let standing = try await connection.rows("""
                SELECT s.userId, u.username, s.submittedAt FROM submission s LEFT JOIN account u ON u.id = s.userId
                WHERE s.paperRowid = \(rowid)
                """, logger: logger)
            guard let row = standing.first else { throw CommunityError.noSuchPaper(paperID) }
            let (submitter, username, submittedAt) = try row.decode((Int64?, String?, Date).self)
            return (Submission(paperID: paperID, userID: submitter, username: username, submittedAt: submittedAt), !inserted.isEmpty)
        }
    }

    public func submissionCount(userID: Int64, since: Date) async throws -> Int {
        try await rows("SELECT count(*) FROM submission WHERE userId = \(userID) AND submittedAt >= \(since)")
            .first?.decode(Int.self) ?? 0
    }

    @discardableResult
    public func removeSubmission(paperID: String) async throws -> Bool {
        !(try await rows("""
            DELETE FROM submission WHERE paperRowid = (SELECT rowid FROM paper WHERE id = \(paperID)) RETURNING paperRowid
            """)).isEmpty
    }
}

// MARK: - Helpers shared by the community files

extension PostgresStore {
    /// The row of a paper people can act on (a deleted one cannot be voted for, submitted,
    /// saved or discussed).
    func livePaperRowid(_ paperID: String, _ connection: PostgresConnection) async throws -> Int64 {
        guard let rowid = try await connection.rows("SELECT rowid FROM paper WHERE id = \(paperID) AND NOT deleted", logger: logger)
            .first?.decode(Int64.self) else {
            throw CommunityError.noSuchPaper(paperID)
        }
        return rowid
    }

    /// `transaction`, with a write by a user who does not exist (or was deleted
    /// meanwhile: the foreign key decides) turned into `CommunityError.noSuchUser`. Papers are
    /// checked first (`livePaperRowid`), so the account is the reference left to fail.
    func communityWrite<T: Sendable>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await transaction(body)
        } catch let error where error.isForeignKeyViolation {
            throw CommunityError.noSuchUser
        }
    }
}

extension Error {
    /// Whether this is PostgreSQL refusing a row whose reference names nothing.
    var isForeignKeyViolation: Bool {
        (self as? PSQLError)?.serverInfo?[.sqlState] == "23503"
    }
}
