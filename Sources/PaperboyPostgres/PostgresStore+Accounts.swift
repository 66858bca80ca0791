import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Users. Writes aimed at a user who does not exist throw `AccountError.noSuchUser`; deletes
/// of what is already gone do nothing.
extension PostgresStore: AccountStore {
    /// The columns `User` is read from, in `decodeUser`'s order, of the table named `alias` if any.
    static func userColumns(_ alias: String? = nil) -> String {
        let prefix = alias.map { $0 + "." } ?? ""
        return ["id", "username", "email", "emailVerified", "role", "createdAt", "bannedAt", "notifyByMail"]
            .map { prefix + $0 }.joined(separator: ", ")
    }

    public func createUser(_ user: NewUser) async throws -> User {
        try await accountWrite {
            try await firstUser("""
                INSERT INTO account (username, email, passwordHash, emailVerified, role, createdAt)
                VALUES (\(user.username), \(user.email), \(user.passwordHash), \(user.emailVerified), \(user.role.rawValue), \(user.createdAt))
                RETURNING \(unescaped: Self.userColumns())
                """) ?? { throw AccountError.noSuchUser }()
        }
    }

    public func user(id: Int64) async throws -> User? {
        try await firstUser("SELECT \(unescaped: Self.userColumns()) FROM account WHERE id = \(id)")
    }

    public func user(username: String) async throws -> User? {
        try await firstUser("SELECT \(unescaped: Self.userColumns()) FROM account WHERE lower(username) = lower(\(username))")
    }

    public func user(email: String) async throws -> User? {
        try await firstUser("SELECT \(unescaped: Self.userColumns()) FROM account WHERE lower(email) = lower(\(email))")
    }

    public func userCount() async throws -> Int {
        try await rows("SELECT count(*) FROM account").first?.decode(Int.self) ?? 0
    }

    public func passwordHash(userID: Int64) async throws -> String? {
        try await rows("SELECT passwordHash FROM account WHERE id = \(userID)").first?.decode(String.self)
    }

    public func setPasswordHash(userID: Int64, _ hash: String) async throws {
        try await updateUser(userID, "UPDATE account SET passwordHash = \(hash) WHERE id = \(userID) RETURNING id")
    }

    public func setEmail(userID: Int64, _ email: String, verified: Bool) async throws {
        try await updateUser(userID, "UPDATE account SET email = \(email), emailVerified = \(verified) WHERE id = \(userID) RETURNING id")
    }

    public func setRole(userID: Int64, _ role: Role) async throws {
        try await updateUser(userID, "UPDATE account SET role = \(role.rawValue) WHERE id = \(userID) RETURNING id")
    }

    public func setBanned(userID: Int64, at: Date?) async throws {
        try await transaction { connection in
            let changed = try await connection.rows("UPDATE account SET bannedAt = \(at) WHERE id = \(userID) RETURNING id", logger: logger)
            if changed.isEmpty { throw AccountError.noSuchUser }
            if at != nil {
                try await connection.query("DELETE FROM session WHERE userId = \(userID)", logger: logger)
                try await connection.query("DELETE FROM apiToken WHERE userId = \(userID)", logger: logger)
            }
        }
    }

    public func setNotifyByMail(userID: Int64, _ on: Bool) async throws {
        try await updateUser(userID, "UPDATE account SET notifyByMail = \(on) WHERE id = \(userID) RETURNING id")
    }

    public func deleteUser(id: Int64) async throws {
        // Sessions and tokens go with the row (ON DELETE CASCADE).
        try await execute("DELETE FROM account WHERE id = \(id)")
    }

    private func updateUser(_ id: Int64, _ update: PostgresQuery) async throws {
        if try await accountWrite({ try await rows(update) }).isEmpty { throw AccountError.noSuchUser }
    }

    private func firstUser(_ query: PostgresQuery) async throws -> User? {
        try await rows(query).first.map(Self.decodeUser)
    }

    static func decodeUser(_ row: PostgresRow) throws -> User {
        let (id, username, email, verified, role, createdAt, bannedAt, notify) =
            try row.decode((Int64, String, String, Bool, String, Date, Date?, Bool).self)
        return User(id: id, username: username, email: email, emailVerified: verified, role: try Self.known(Role.self, role),
                    createdAt: createdAt, bannedAt: bannedAt, notifyByMail: notify)
    }

    /// `body`, with the constraint violations a person can cause turned into `AccountError`:
    /// the unique indexes decide whether a name or address is taken, so two sign-ups racing
    /// for one cannot both pass a check made beforehand.
    func accountWrite<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PSQLError {
            switch (error.serverInfo?[.sqlState], error.serverInfo?[.constraintName]) {
            case ("23505", "account_username_key"?): throw AccountError.usernameTaken
            case ("23505", "account_email_key"?): throw AccountError.emailTaken
            case ("23503", _): throw AccountError.noSuchUser
            default: throw error
            }
        }
    }
}
