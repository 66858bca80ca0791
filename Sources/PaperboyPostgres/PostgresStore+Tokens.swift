import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Sessions, API tokens and single-use tokens, each found by the hash of its secret. A session
/// or single-use token is live while `now` is before its `expiresAt`.
extension PostgresStore {
    public func createSession(_ session: Session) async throws {
        try await accountWrite {
            try await execute("""
                INSERT INTO session (secretHash, userId, csrfToken, createdAt, expiresAt)
                VALUES (\(session.secretHash), \(session.userID), \(session.csrfToken), \(session.createdAt), \(session.expiresAt))
                """)
        }
    }

    public func session(secretHash: String, now: Date) async throws -> (session: Session, user: User)? {
        let query: PostgresQuery = """
            SELECT \(unescaped: Self.userColumns("a")),
                   s.csrfToken, s.createdAt, s.expiresAt
            FROM session s JOIN account a ON a.id = s.userId
            WHERE s.secretHash = \(secretHash) AND s.expiresAt > \(now)
            """
        guard let row = try await rows(query).first else { return nil }
        let user = try Self.decodeUser(row)
        let columns = row.makeRandomAccess()
        let session = Session(secretHash: secretHash, userID: user.id, csrfToken: try columns[8].decode(String.self),
                              createdAt: try columns[9].decode(Date.self), expiresAt: try columns[10].decode(Date.self))
        return (session, user)
    }

    public func deleteSession(secretHash: String) async throws {
        try await execute("DELETE FROM session WHERE secretHash = \(secretHash)")
    }

    public func deleteSessions(userID: Int64) async throws {
        try await execute("DELETE FROM session WHERE userId = \(userID)")
    }

    @discardableResult
    public func deleteExpiredSessions(now: Date) async throws -> Int {
        try await rows("DELETE FROM session WHERE expiresAt <= \(now) RETURNING 1").count
    }

    public func createAPIToken(userID: Int64, name: String, secretHash: String, now: Date) async throws -> APIToken {
        let id = try await accountWrite {
            try await rows("""
                INSERT INTO apiToken (userId, name, secretHash, createdAt) VALUES (\(userID), \(name), \(secretHash), \(now))
                RETURNING id
                """).first?.decode(Int64.self)
        }
        guard let id else { throw AccountError.noSuchUser }
        return APIToken(id: id, userID: userID, name: name, createdAt: now)
    }

    /// Oldest first.
    public func apiTokens(userID: Int64) async throws -> [APIToken] {
        try await rows("SELECT id, name, createdAt, lastUsedAt FROM apiToken WHERE userId = \(userID) ORDER BY id").map { row in
            let (id, name, createdAt, lastUsedAt) = try row.decode((Int64, String, Date, Date?).self)
            return APIToken(id: id, userID: userID, name: name, createdAt: createdAt, lastUsedAt: lastUsedAt)
        }
    }

    /// Revoking deletes the row: a revoked token is good for nothing.
    @discardableResult
    public func revokeAPIToken(id: Int64, userID: Int64) async throws -> Bool {
        try await !rows("DELETE FROM apiToken WHERE id = \(id) AND userId = \(userID) RETURNING id").isEmpty
    }

    public func user(apiTokenHash: String, now: Date) async throws -> User? {
        try await rows("""
            UPDATE apiToken t SET lastUsedAt = \(now) FROM account a
            WHERE t.secretHash = \(apiTokenHash) AND a.id = t.userId
            RETURNING \(unescaped: Self.userColumns("a"))
            """).first.map(Self.decodeUser)
    }

    public func createOneTimeToken(secretHash: String, userID: Int64, purpose: OneTimePurpose, payload: String?,
                                   expiresAt: Date) async throws {
        try await accountWrite {
            try await execute("""
                INSERT INTO oneTimeToken (secretHash, userId, purpose, payload, expiresAt)
                VALUES (\(secretHash), \(userID), \(purpose.rawValue), \(payload), \(expiresAt))
                """)
        }
    }

    /// One DELETE … RETURNING, so a token is good for one use however many requests race for
    /// it. A token presented for another purpose is left alone.
    public func consumeOneTimeToken(secretHash: String, purpose: OneTimePurpose, now: Date) async throws
        -> (userID: Int64, payload: String?)? {
        guard let row = try await rows("""
            DELETE FROM oneTimeToken WHERE secretHash = \(secretHash) AND purpose = \(purpose.rawValue)
            RETURNING userId, payload, expiresAt
            """).first else { return nil }
        let (userID, payload, expiresAt) = try row.decode((Int64, String?, Date).self)
        return expiresAt > now ? (userID, payload) : nil
    }
}
