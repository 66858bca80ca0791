import ArgumentParser
import Foundation
import PaperboyCore
import Web

extension Role: ExpressibleByArgument {}

/// `paperboy user add|role`: accounts for operators and tests.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Create accounts and change roles.", subcommands: [Add.self, SetRole.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Create a verified account (without --password-stdin, the person sets a password through 'forgot password').")
        @OptionGroup var store: StoreOptions
        @Argument(help: "Username: 3-32 letters, digits, '-' or '_'.") var username: String
        @Option(help: "Email address.") var email: String
        @Flag(help: "Read the password from the first line of standard input.") var passwordStdin = false
        @Option(help: "user, moderator or admin.") var role: Role = .user

        func run() async throws {
            let password = passwordStdin ? readLine(strippingNewline: true) : nil
            if passwordStdin, password?.isEmpty ?? true { throw CLIError("--password-stdin: standard input held no password") }
            let user = try await admin(store).addUser(username: username, email: email, password: password, role: role)
            print("created \(user.username) <\(user.email)> as \(user.role.rawValue)")
        }
    }

    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "role", abstract: "Give a user the role user, moderator or admin.")
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Argument(help: "user, moderator or admin.") var role: Role

        func run() async throws {
            let user = try await admin(store).setRole(username: username, role)
            print("\(user.username) is now \(user.role.rawValue)")
        }
    }
}

/// `paperboy token create`: a personal API token, printed once on the last line.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Personal API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Make an API token for a user; it is printed once, on the last line.")
        @OptionGroup var store: StoreOptions
        @Argument var username: String
        @Option(help: "What the token is for (shown on the settings page).") var name = "command line"

        func run() async throws {
            let made = try await admin(store).createToken(username: username, name: name)
            print("token \(made.token.id) '\(made.token.name)' for \(username); send it as 'Authorization: Bearer TOKEN':")
            print(made.secret)
        }
    }
}

private func admin(_ options: StoreOptions) async throws -> AccountAdmin {
    let db = try await options.openStore()
    let publicURL = ProcessInfo.processInfo.environment["PAPERBOY_PUBLIC_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? "http://127.0.0.1:8080"
    return try AccountAdmin(accounts: db, outbox: db, publicURL: publicURL)
}
