import Foundation
import GRDB
import PaperboyCore

/// Users. Writes aimed at a user who does not exist throw `AccountError.noSuchUser`; deletes
/// of what is already gone do nothing.
extension SQLiteStore: AccountStore {
    public func createUser(_ user: NewUser) async throws -> User {
        try await accountWrite { db in
            try NewUserRecord(user).insertAndFetch(db, as: UserRecord.self).user
        }
    }

    public func user(id: Int64) async throws -> User? {
        try await read { db in try UserRecord.fetchOne(db, key: id)?.user }
    }

    public func user(username: String) async throws -> User? {
        // The column's NOCASE collation applies to `=`, so the unique index answers this.
        try await read { db in try UserRecord.filter(UserRecord.Columns.username == username).fetchOne(db)?.user }
    }

    public func user(email: String) async throws -> User? {
        try await read { db in try UserRecord.filter(UserRecord.Columns.email == email).fetchOne(db)?.user }
    }

    public func userCount() async throws -> Int {
        try await read { db in try UserRecord.fetchCount(db) }
    }

    public func passwordHash(userID: Int64) async throws -> String? {
        try await read { db in
            try UserRecord.filter(key: userID).select(UserRecord.Columns.passwordHash, as: String.self).fetchOne(db)
        }
    }

    public func setPasswordHash(userID: Int64, _ hash: String) async throws {
        try await updateUser(userID) { [UserRecord.Columns.passwordHash.set(to: hash)] }
    }

    public func setEmail(userID: Int64, _ email: String, verified: Bool) async throws {
        try await updateUser(userID) {
            [UserRecord.Columns.email.set(to: email), UserRecord.Columns.emailVerified.set(to: verified)]
        }
    }

    public func setRole(userID: Int64, _ role: Role) async throws {
        try await updateUser(userID) { [UserRecord.Columns.role.set(to: role.rawValue)] }
    }

    public func setBanned(userID: Int64, at: Date?) async throws {
        try await accountWrite { db in
            let changed = try UserRecord.filter(key: userID).updateAll(db, [UserRecord.Columns.bannedAt.set(to: at)])
            if changed == 0 { throw AccountError.noSuchUser }
            if at != nil {
                try SessionRecord.filter(SessionRecord.Columns.userId == userID).deleteAll(db)
                try APITokenRecord.filter(APITokenRecord.Columns.userId == userID).deleteAll(db)
            }
        }
    }

    public func setNotifyByMail(userID: Int64, _ on: Bool) async throws {
        try await updateUser(userID) { [UserRecord.Columns.notifyByMail.set(to: on)] }
    }

    public func deleteUser(id: Int64) async throws {
        // Sessions and tokens go with the row (ON DELETE CASCADE).
        _ = try await write { db in try UserRecord.deleteOne(db, key: id) }
    }

    /// `assignments` is a function because GRDB's assignments are not `Sendable`: they are made
    /// on the writer's side.
    private func updateUser(_ id: Int64, _ assignments: @escaping @Sendable () -> [ColumnAssignment]) async throws {
        let changed = try await accountWrite { db in try UserRecord.filter(key: id).updateAll(db, assignments()) }
        if changed == 0 { throw AccountError.noSuchUser }
    }

    /// `write`, with the constraint violations a person can cause turned into `AccountError`:
    /// the unique indexes decide whether a name or address is taken, so two sign-ups racing
    /// for one cannot both pass a check made beforehand.
    func accountWrite<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await write(body)
        } catch let error as DatabaseError {
            if let accountError = Self.accountError(error) { throw accountError }
            throw error
        }
    }

    static func accountError(_ error: DatabaseError) -> AccountError? {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return .noSuchUser
        case .SQLITE_CONSTRAINT_UNIQUE:
            // SQLite names the index's columns: "UNIQUE constraint failed: user.email".
            switch error.message?.components(separatedBy: ": ").last {
            case "user.username": return .usernameTaken
            case "user.email": return .emailTaken
            default: return nil
            }
        default:
            return nil
        }
    }
}
