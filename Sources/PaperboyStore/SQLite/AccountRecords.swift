import Foundation
import GRDB
import PaperboyCore

/// A row of `user`. Rows are created from `NewUserRecord`, which has no id yet: SQLite
/// assigns it, so a fetched row always has one and `User` needs no optional id. (GRDB's
/// partial and full records, joined by `insertAndFetch(_:as:)`; their field lists repeat.)
struct UserRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "user"

    var id: Int64
    var username: String
    var email: String
    var passwordHash: String
    var emailVerified: Bool
    var role: Role
    var createdAt: Date
    var bannedAt: Date?
    var notifyByMail: Bool

    enum Columns {
        static let username = Column(CodingKeys.username)
        static let email = Column(CodingKeys.email)
        static let passwordHash = Column(CodingKeys.passwordHash)
        static let emailVerified = Column(CodingKeys.emailVerified)
        static let role = Column(CodingKeys.role)
        static let bannedAt = Column(CodingKeys.bannedAt)
        static let notifyByMail = Column(CodingKeys.notifyByMail)
    }

    var user: User {
        User(id: id, username: username, email: email, emailVerified: emailVerified, role: role, createdAt: createdAt,
             bannedAt: bannedAt, notifyByMail: notifyByMail)
    }
}

/// The columns of a `user` row before SQLite gives it an id.
struct NewUserRecord: Encodable, PersistableRecord {
    static let databaseTableName = UserRecord.databaseTableName

    var username: String
    var email: String
    var passwordHash: String
    var emailVerified: Bool
    var role: Role
    var createdAt: Date

    init(_ user: NewUser) {
        username = user.username; email = user.email; passwordHash = user.passwordHash
        emailVerified = user.emailVerified; role = user.role; createdAt = user.createdAt
    }
}

/// A row of `session`.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"

    var secretHash: String
    var userId: Int64
    var csrfToken: String
    var createdAt: Date
    var expiresAt: Date

    enum Columns {
        static let userId = Column(CodingKeys.userId)
        static let expiresAt = Column(CodingKeys.expiresAt)
    }

    init(_ session: Session) {
        secretHash = session.secretHash; userId = session.userID; csrfToken = session.csrfToken
        createdAt = session.createdAt; expiresAt = session.expiresAt
    }

    var session: Session {
        Session(secretHash: secretHash, userID: userId, csrfToken: csrfToken, createdAt: createdAt, expiresAt: expiresAt)
    }
}

/// A row of `apiToken`. Like users, created from a record without an id (`NewAPITokenRecord`).
struct APITokenRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "apiToken"
    static let user = belongsTo(UserRecord.self)

    var id: Int64
    var userId: Int64
    var name: String
    var secretHash: String
    var createdAt: Date
    var lastUsedAt: Date?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let userId = Column(CodingKeys.userId)
        static let secretHash = Column(CodingKeys.secretHash)
        static let lastUsedAt = Column(CodingKeys.lastUsedAt)
    }

    var token: APIToken {
        APIToken(id: id, userID: userId, name: name, createdAt: createdAt, lastUsedAt: lastUsedAt)
    }
}

/// The columns of an `apiToken` row before SQLite gives it an id.
struct NewAPITokenRecord: Encodable, PersistableRecord {
    static let databaseTableName = APITokenRecord.databaseTableName

    var userId: Int64
    var name: String
    var secretHash: String
    var createdAt: Date
}

/// A row of `oneTimeToken`.
struct OneTimeTokenRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "oneTimeToken"

    var secretHash: String
    var userId: Int64
    var purpose: OneTimePurpose
    var payload: String?
    var expiresAt: Date
}
