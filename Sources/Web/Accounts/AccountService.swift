import Foundation
import PaperboyCore
import PaperboyStore

/// What accounts can do, for the web pages, the API and the CLI alike: the rules live here,
/// the storage behind `AccountStore`, the mail behind the outbox.
struct AccountService: Sendable {
    let accounts: any AccountStore
    let outbox: any MailStore
    let passwords: Passwords
    /// Links in mail point here (no trailing slash).
    let publicURL: String

    static let sessionLifetime: TimeInterval = 30 * 86400
    static let verifyLifetime: TimeInterval = 3 * 86400
    static let resetLifetime: TimeInterval = 3600
    static let wrongPassword = "The current password is wrong"

    // MARK: Sign-up and sign-in

    struct SignUp { var username: String; var email: String; var password: String }

    /// Creates an unverified user and mails them a link to confirm their address.
    func signUp(_ form: SignUp, now: Date = Date()) async throws -> User {
        try AccountRules.checkUsername(form.username)
        try AccountRules.checkEmail(form.email)
        if let problem = passwords.problem(with: form.password, username: form.username, email: form.email) { throw FormError(problem) }
        let hash = try await passwords.hash(form.password)
        let user: User
        do {
            user = try await accounts.createUser(NewUser(username: form.username, email: form.email, passwordHash: hash, createdAt: now))
        } catch let error as AccountError {
            throw FormError(error.description.prefix(1).uppercased() + error.description.dropFirst())
        }
        try await sendVerification(to: user, now: now)
        return user
    }

    /// A user made by an operator (`paperboy user add`): verified at once.
    func addUser(username: String, email: String, password: String, role: Role, now: Date = Date()) async throws -> User {
        try AccountRules.checkUsername(username)
        try AccountRules.checkEmail(email)
        if let problem = passwords.problem(with: password, username: username, email: email) { throw FormError(problem) }
        return try await accounts.createUser(NewUser(username: username, email: email, passwordHash: try await passwords.hash(password),
                                                     emailVerified: true, role: role, createdAt: now))
    }

    /// The user whose name or email and password these are, or nil. Takes a bcrypt check's
    /// time whether or not the user exists.
    func authenticate(login: String, password: String) async throws -> User? {
        let user = login.contains("@") ? try await accounts.user(email: login) : try await accounts.user(username: login)
        var hash: String?
        if let user { hash = try await accounts.passwordHash(userID: user.id) }
        let matches = try await passwords.verify(password, hash: hash ?? Passwords.decoy)
        return matches && hash != nil ? user : nil
    }

    /// A new session for `user`; returns the cookie secret, which is shown nowhere else.
    func startSession(for user: User, now: Date = Date()) async throws -> (secret: String, session: Session) {
        let secret = Secrets.make()
        let session = Session(secretHash: Secrets.hash(secret), userID: user.id, csrfToken: Secrets.make(),
                              createdAt: now, expiresAt: now.addingTimeInterval(Self.sessionLifetime))
        try await accounts.createSession(session)
        return (secret, session)
    }

    // MARK: Mail links

    func sendVerification(to user: User, now: Date = Date()) async throws {
        let link = try await oneTimeLink(user: user, purpose: .verifyEmail, payload: nil, lifetime: Self.verifyLifetime, path: "/verify", now: now)
        try await outbox.enqueue(AccountMail.verify(user: user, link: link), now: now)
    }

    /// Mails a reset link when the address belongs to an account; says nothing either way, so
    /// the form cannot tell who has an account.
    func requestReset(email: String, now: Date = Date()) async throws {
        guard let user = try await accounts.user(email: email) else { return }
        let link = try await oneTimeLink(user: user, purpose: .resetPassword, payload: nil, lifetime: Self.resetLifetime, path: "/reset/confirm", now: now)
        try await outbox.enqueue(AccountMail.reset(user: user, link: link), now: now)
    }

    /// Mails a confirmation link to the new address; the change happens when it is followed.
    func requestEmailChange(user: User, to email: String, now: Date = Date()) async throws {
        try AccountRules.checkEmail(email)
        if let other = try await accounts.user(email: email), other.id != user.id { throw FormError("An account with that email address exists") }
        let changed = User(id: user.id, username: user.username, email: email, emailVerified: false, role: user.role, createdAt: user.createdAt)
        let link = try await oneTimeLink(user: user, purpose: .changeEmail, payload: email, lifetime: Self.verifyLifetime, path: "/verify", now: now)
        try await outbox.enqueue(AccountMail.verify(user: changed, link: link), now: now)
    }

    private func oneTimeLink(user: User, purpose: OneTimePurpose, payload: String?, lifetime: TimeInterval, path: String, now: Date) async throws -> String {
        let secret = Secrets.make()
        try await accounts.createOneTimeToken(secretHash: Secrets.hash(secret), userID: user.id, purpose: purpose, payload: payload,
                                              expiresAt: now.addingTimeInterval(lifetime))
        return "\(publicURL)\(path)?token=\(secret)"
    }

    /// Follows a verification link: confirms the sign-up address, or switches to a new one.
    func confirm(token: String, now: Date = Date()) async throws -> User? {
        let hash = Secrets.hash(token)
        if let used = try await accounts.consumeOneTimeToken(secretHash: hash, purpose: .verifyEmail, now: now),
           let user = try await accounts.user(id: used.userID) {
            try await accounts.setEmail(userID: user.id, user.email, verified: true)
            return try await accounts.user(id: user.id)
        }
        if let used = try await accounts.consumeOneTimeToken(secretHash: hash, purpose: .changeEmail, now: now), let email = used.payload {
            do { try await accounts.setEmail(userID: used.userID, email, verified: true) } catch AccountError.emailTaken {
                throw FormError("An account with that email address exists")
            }
            return try await accounts.user(id: used.userID)
        }
        return nil
    }

    /// Sets a new password from a reset link; every session of the account ends.
    func resetPassword(token: String, password: String, now: Date = Date()) async throws -> User {
        // Checked before the link is used up, so a refused password leaves it working.
        if let problem = passwords.problem(with: password) { throw FormError(problem) }
        let hash = Secrets.hash(token)
        guard let used = try await accounts.consumeOneTimeToken(secretHash: hash, purpose: .resetPassword, now: now),
              let user = try await accounts.user(id: used.userID) else {
            throw FormError("This reset link is invalid, used or expired; ask for a new one")
        }
        if let problem = passwords.problem(with: password, username: user.username, email: user.email) {
            try await accounts.createOneTimeToken(secretHash: hash, userID: user.id, purpose: .resetPassword, payload: nil,
                                                  expiresAt: now.addingTimeInterval(Self.resetLifetime))
            throw FormError(problem)
        }
        try await accounts.setPasswordHash(userID: user.id, try await passwords.hash(password))
        try await accounts.deleteSessions(userID: user.id)
        // Whoever could read the reset mail owns the address.
        if !user.emailVerified { try await accounts.setEmail(userID: user.id, user.email, verified: true) }
        return user
    }

    func changePassword(user: User, current: String, new: String) async throws {
        guard try await authenticate(login: user.username, password: current) != nil else { throw FormError(Self.wrongPassword) }
        if let problem = passwords.problem(with: new, username: user.username, email: user.email) { throw FormError(problem) }
        try await accounts.setPasswordHash(userID: user.id, try await passwords.hash(new))
    }

    // MARK: API tokens

    /// A new personal access token; the secret is returned once and stored only hashed.
    func createToken(user: User, name: String, now: Date = Date()) async throws -> (secret: String, token: APIToken) {
        let secret = Secrets.make(prefix: "pb_")
        let token = try await accounts.createAPIToken(userID: user.id, name: name, secretHash: Secrets.hash(secret), now: now)
        return (secret, token)
    }
}

/// What usernames and addresses may look like.
enum AccountRules {
    static let usernameLength = 3...32

    static func checkUsername(_ name: String) throws {
        guard usernameLength.contains(name.count) else {
            throw FormError("Username must be \(usernameLength.lowerBound) to \(usernameLength.upperBound) characters long")
        }
        // ASCII letters, digits, '-' and '_': names go into URLs and @mentions unescaped.
        guard Secrets.isURLSafe(name) else {
            throw FormError("Username may hold only letters a–z, digits, '-' and '_'")
        }
    }

    static func checkEmail(_ email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."), !parts[1].hasSuffix("."),
              !email.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," || $0 == ";" || $0 == "\"" }),
              email.unicodeScalars.allSatisfy({ $0.properties.generalCategory != .control }) else {
            throw FormError("That is not an email address like name@example.org")
        }
    }
}
