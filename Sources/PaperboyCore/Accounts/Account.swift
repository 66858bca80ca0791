import Foundation

/// What a person may do: users submit, vote and comment; moderators also hide and ban;
/// admins also change roles.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case user, moderator, admin

    private var rank: Int { Role.allCases.firstIndex(of: self) ?? 0 }
    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// A signed-up person. The password hash never leaves the account store except to be verified.
public struct User: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    /// Unique, compared without case; what profile URLs and mentions use.
    public var username: String
    /// Unique, compared without case.
    public var email: String
    public var emailVerified: Bool
    public var role: Role
    public var createdAt: Date
    /// Set when a moderator banned the account: it cannot sign in, and its sessions and tokens are gone.
    public var bannedAt: Date?
    /// Whether replies and mentions are also sent by mail (they always show on /notifications).
    public var notifyByMail: Bool

    public init(id: Int64, username: String, email: String, emailVerified: Bool, role: Role, createdAt: Date,
                bannedAt: Date? = nil, notifyByMail: Bool = false) {
        self.id = id; self.username = username; self.email = email; self.emailVerified = emailVerified
        self.role = role; self.createdAt = createdAt; self.bannedAt = bannedAt; self.notifyByMail = notifyByMail
    }
}

/// A user about to be created (`AccountStore.createUser`).
public struct NewUser: Sendable {
    public var username: String
    public var email: String
    /// bcrypt, made by the caller (hashing is slow and belongs off the store's writer).
    public var passwordHash: String
    public var emailVerified: Bool
    public var role: Role
    public var createdAt: Date

    public init(username: String, email: String, passwordHash: String, emailVerified: Bool = false,
                role: Role = .user, createdAt: Date = Date()) {
        self.username = username; self.email = email; self.passwordHash = passwordHash
        self.emailVerified = emailVerified; self.role = role; self.createdAt = createdAt
    }
}

/// A signed-in browser. The cookie holds a random secret; the store keeps only its SHA-256
/// (`secretHash`), so a leaked database cannot be replayed as cookies.
public struct Session: Sendable, Equatable {
    public var secretHash: String
    public var userID: Int64
    /// Sent in every form of this session and checked on every POST.
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(secretHash: String, userID: Int64, csrfToken: String, createdAt: Date, expiresAt: Date) {
        self.secretHash = secretHash; self.userID = userID; self.csrfToken = csrfToken
        self.createdAt = createdAt; self.expiresAt = expiresAt
    }
}

/// A personal access token for the JSON API (`Authorization: Bearer …`), stored hashed.
public struct APIToken: Sendable, Equatable, Codable, Identifiable {
    public var id: Int64
    public var userID: Int64
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: Int64, userID: Int64, name: String, createdAt: Date, lastUsedAt: Date? = nil) {
        self.id = id; self.userID = userID; self.name = name; self.createdAt = createdAt; self.lastUsedAt = lastUsedAt
    }
}

/// What a single-use token sent by mail is for.
public enum OneTimePurpose: String, Sendable, Codable, CaseIterable {
    /// Confirms the address given at sign-up.
    case verifyEmail
    /// Lets a person who forgot their password set a new one.
    case resetPassword
    /// Confirms a new address; the payload is that address.
    case changeEmail
}

/// Why an account write was refused, in words to show the person.
public enum AccountError: Error, Equatable, CustomStringConvertible {
    case usernameTaken
    case emailTaken
    case noSuchUser

    public var description: String {
        switch self {
        case .usernameTaken: return "that username is taken"
        case .emailTaken: return "an account with that email address exists"
        case .noSuchUser: return "no such user"
        }
    }
}
