import Foundation
import HummingbirdBcrypt
import NIOPosix

/// Password hashing (bcrypt, on NIO's thread pool so a hash never blocks an event loop) and
/// the rules a new password must meet.
public struct Passwords: Sendable {
    /// bcrypt's work factor: each step doubles the time of a hash (about a quarter second at 12).
    let cost: UInt8
    let minimumLength: Int
    /// Lowercased; a password found here is refused whatever its length.
    let common: Set<String>

    public static let defaultCost: UInt8 = 12

    init(cost: UInt8 = Passwords.defaultCost, minimumLength: Int = 10, common: Set<String>) {
        self.cost = cost; self.minimumLength = minimumLength; self.common = common
    }

    /// Reads the list of common passwords from the Resources folder (one per line).
    static func commonList(in resources: URL) throws -> Set<String> {
        let url = resources.appendingPathComponent("common-passwords.txt")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw WebStartupError("cannot read \(url.path)") }
        return Set(text.split(whereSeparator: \.isNewline).map { $0.lowercased() })
    }

    /// Why `password` is not acceptable for this account, or nil when it is.
    func problem(with password: String, username: String, email: String) -> String? {
        if let problem = problem(with: password) { return problem }
        let lower = password.lowercased()
        if lower == username.lowercased() || lower == email.lowercased() { return "Password must differ from your username and email" }
        return nil
    }

    /// The rules that hold for any account.
    func problem(with password: String) -> String? {
        if password.count < minimumLength { return "Password must be at least \(minimumLength) characters long" }
        if common.contains(password.lowercased()) { return "That password is one of the most common ones; choose another" }
        if Set(password).count < 4 { return "Password needs more than three different characters" }
        return nil
    }

    func hash(_ password: String) async throws -> String {
        let cost = cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// A valid hash of a random password: verifying against it costs what a real check costs,
    /// so sign-in takes as long for an unknown name as for a wrong password.
    static let decoy = Bcrypt.hash(Secrets.make(), cost: defaultCost)
}
