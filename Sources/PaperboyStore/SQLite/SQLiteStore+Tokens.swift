import Foundation
import GRDB
import PaperboyCore

/// Sessions, API tokens and single-use tokens, each found by the hash of its secret. A session
/// or single-use token is live while `now` is before its `expiresAt`.
extension SQLiteStore {
    public func createSession(_ session: Session) async throws {
        try await accountWrite { db in try SessionRecord(session).insert(db) }
    }

    public func session(secretHash: String, now: Date) async throws -> (session: Session, user: User)? {
        // Asked on every signed-in request: two cached primary-key statements, because building
        // the joined query-interface request each time was a third of the server's CPU there.
        try await read { db in
            guard let session = try SessionRecord.fetchOne(
                    db.cachedStatement(sql: #"SELECT * FROM "session" WHERE "secretHash" = ? AND "expiresAt" > ?"#),
                    arguments: [secretHash, now]),
                  let user = try UserRecord.fetchOne(db.cachedStatement(sql: #"SELECT * FROM "user" WHERE "id" = ?"#),
                                                     arguments: [session.userId])
            else { return nil }
            return (session.session, user.user)
        }
    }

    public func deleteSession(secretHash: String) async throws {
        _ = try await write { db in try SessionRecord.deleteOne(db, key: secretHash) }
    }

    public func deleteSessions(userID: Int64) async throws {
        _ = try await write { db in try SessionRecord.filter(SessionRecord.Columns.userId == userID).deleteAll(db) }
    }

    @discardableResult
    public func deleteExpiredSessions(now: Date) async throws -> Int {
        try await write { db in try SessionRecord.filter(SessionRecord.Columns.expiresAt <= now).deleteAll(db) }
    }

    public func createAPIToken(userID: Int64, name: String, secretHash: String, now: Date) async throws -> APIToken {
        try await accountWrite { db in
            try NewAPITokenRecord(userId: userID, name: name, secretHash: secretHash, createdAt: now)
                .insertAndFetch(db, as: APITokenRecord.self).token
        }
    }

    /// Oldest first.
    public func apiTokens(userID: Int64) async throws -> [APIToken] {
        try await read { db in
            try APITokenRecord.filter(APITokenRecord.Columns.userId == userID).order(APITokenRecord.Columns.id)
                .fetchAll(db).map(\.token)
        }
    }

    /// Revoking deletes the row: a revoked token is good for nothing, and what is gone cannot
    /// be accepted by a lookup that forgot to check a flag.
    @discardableResult
    public func revokeAPIToken(id: Int64, userID: Int64) async throws -> Bool {
        try await write { db in
            try APITokenRecord.filter(key: id).filter(APITokenRecord.Columns.userId == userID).deleteAll(db) > 0
        }
    }

    public func user(apiTokenHash: String, now: Date) async throws -> User? {
        try await write { db in
            guard var token = try APITokenRecord.filter(APITokenRecord.Columns.secretHash == apiTokenHash).fetchOne(db) else {
                return nil
            }
            token.lastUsedAt = now
            try token.update(db, columns: [APITokenRecord.Columns.lastUsedAt])
            return try token.request(for: APITokenRecord.user).fetchOne(db)?.user
        }
    }

    public func createOneTimeToken(secretHash: String, userID: Int64, purpose: OneTimePurpose, payload: String?,
                                   expiresAt: Date) async throws {
        try await accountWrite { db in
            try OneTimeTokenRecord(secretHash: secretHash, userId: userID, purpose: purpose, payload: payload,
                                   expiresAt: expiresAt).insert(db)
        }
    }

    /// Read and delete in one write transaction, so a token is good for one use however many
    /// requests race for it. A token presented for another purpose is left alone: pasting a
    /// sign-up link into the password form should not spend it.
    public func consumeOneTimeToken(secretHash: String, purpose: OneTimePurpose, now: Date) async throws
        -> (userID: Int64, payload: String?)? {
        try await write { db -> (userID: Int64, payload: String?)? in
            guard let token = try OneTimeTokenRecord.fetchOne(db, key: secretHash), token.purpose == purpose else {
                return nil
            }
            try token.delete(db)
            return token.expiresAt > now ? (token.userId, token.payload) : nil
        }
    }
}
