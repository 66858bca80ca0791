import Foundation
import PaperboyCore
import PaperboyStore

/// What operators do to accounts from the command line (`paperboy user`, `paperboy token`),
/// by the same rules as the web pages.
public struct AccountAdmin: Sendable {
    private let service: AccountService

    public init(accounts: any AccountStore, outbox: any MailStore, publicURL: String, bcryptCost: UInt8 = Passwords.defaultCost) throws {
        let common = try Passwords.commonList(in: try ResourceLocation.folder())
        service = AccountService(accounts: accounts, outbox: outbox, passwords: Passwords(cost: bcryptCost, common: common), publicURL: publicURL)
    }

    /// A verified account. Without a password, it gets a random one nobody knows: the person
    /// chooses theirs through "forgot your password".
    public func addUser(username: String, email: String, password: String?, role: Role) async throws -> User {
        do {
            return try await service.addUser(username: username, email: email, password: password ?? Secrets.make(), role: role)
        } catch let error as FormError {
            throw AccountAdminError(error.message)
        } catch let error as AccountError {
            throw AccountAdminError(error.description)
        }
    }

    public func setRole(username: String, _ role: Role) async throws -> User {
        guard let user = try await service.accounts.user(username: username) else { throw AccountAdminError("no user \(username)") }
        try await service.accounts.setRole(userID: user.id, role)
        return try await service.accounts.user(id: user.id) ?? user
    }

    /// A new API token for the user; the secret is returned once.
    public func createToken(username: String, name: String) async throws -> (secret: String, token: APIToken) {
        guard let user = try await service.accounts.user(username: username) else { throw AccountAdminError("no user \(username)") }
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...60).contains(trimmed.count) else { throw AccountAdminError("a token name has 1 to 60 characters") }
        return try await service.createToken(user: user, name: trimmed)
    }
}

public struct AccountAdminError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
