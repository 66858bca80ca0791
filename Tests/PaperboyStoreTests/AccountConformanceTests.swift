import Foundation
import Testing
import PaperboyCore
import PaperboyStore

/// People and times the account suites share. Times are whole seconds, which every store
/// keeps exactly.
enum Accounts {
    static let t0 = Date(timeIntervalSince1970: 1_750_000_000)
    /// An id no test creates.
    static let nobody: Int64 = 987_654_321

    static func store(_ kind: StoreKind) async throws -> any AccountStore {
        try await kind.open(as: (any AccountStore).self)
    }

    /// A store holding two users, Ada and Bob.
    static func adaAndBob(_ kind: StoreKind) async throws -> (store: any AccountStore, ada: User, bob: User) {
        let store = try await store(kind)
        return (store, try await store.createUser(newUser("ada")), try await store.createUser(newUser("bob")))
    }

    static func newUser(_ name: String, email: String? = nil) -> NewUser {
        NewUser(username: name, email: email ?? "\(name)@example.org", passwordHash: "hash of \(name)", createdAt: t0)
    }

    static func session(_ secretHash: String, _ user: User, expiresAt: Date = t0.addingTimeInterval(3600)) -> Session {
        Session(secretHash: secretHash, userID: user.id, csrfToken: "csrf \(secretHash)", createdAt: t0, expiresAt: expiresAt)
    }
}

@Suite("AccountStore conformance: users")
struct AccountConformanceTests {
    typealias A = Accounts

    @Test(arguments: StoreKind.allCases)
    func createsUsersAndFindsThemWithoutCase(kind: StoreKind) async throws {
        let store = try await A.store(kind)
        #expect(try await store.userCount() == 0)
        let ada = try await store.createUser(NewUser(username: "Ada", email: "Ada@Example.org", passwordHash: "h1",
                                                     emailVerified: true, role: .admin, createdAt: A.t0))
        #expect(ada == User(id: ada.id, username: "Ada", email: "Ada@Example.org", emailVerified: true, role: .admin, createdAt: A.t0))
        let bob = try await store.createUser(A.newUser("bob"))
        #expect(bob.id != ada.id && bob.role == .user && !bob.emailVerified)
        #expect(try await store.user(id: ada.id) == ada)
        #expect(try await store.user(username: "aDA") == ada)
        #expect(try await store.user(email: "ada@EXAMPLE.ORG") == ada)
        #expect(try await store.user(username: "Ad") == nil)
        #expect(try await store.user(email: "ada@example.com") == nil)
        #expect(try await store.user(id: A.nobody) == nil)
        #expect(try await store.userCount() == 2)
        #expect(try await store.passwordHash(userID: ada.id) == "h1")
        #expect(try await store.passwordHash(userID: bob.id) == "hash of bob")
        #expect(try await store.passwordHash(userID: A.nobody) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func refusesTakenNamesAndAddressesWithoutCase(kind: StoreKind) async throws {
        let store = try await A.store(kind)
        _ = try await store.createUser(A.newUser("ada", email: "ada@example.org"))
        await #expect(throws: AccountError.usernameTaken) {
            try await store.createUser(A.newUser("ADA", email: "someone@example.org"))
        }
        await #expect(throws: AccountError.emailTaken) {
            try await store.createUser(A.newUser("someone", email: "Ada@Example.ORG"))
        }
        #expect(try await store.userCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func changesPasswordEmailAndRoleOfOneUser(kind: StoreKind) async throws {
        let (store, ada, bob) = try await A.adaAndBob(kind)
        try await store.setPasswordHash(userID: ada.id, "h2")
        try await store.setEmail(userID: ada.id, "ada@new.example", verified: true)
        try await store.setRole(userID: ada.id, .moderator)
        var changed = ada
        changed.email = "ada@new.example"
        changed.emailVerified = true
        changed.role = .moderator
        #expect(try await store.user(id: ada.id) == changed)
        #expect(try await store.passwordHash(userID: ada.id) == "h2")
        #expect(try await store.user(email: "ada@example.org") == nil)
        #expect(try await store.user(id: bob.id) == bob)
        #expect(try await store.passwordHash(userID: bob.id) == "hash of bob")

        // Re-casing one's own address takes nobody else's.
        try await store.setEmail(userID: ada.id, "ADA@new.example", verified: false)
        #expect(try await store.user(id: ada.id)?.email == "ADA@new.example")
        await #expect(throws: AccountError.emailTaken) {
            try await store.setEmail(userID: bob.id, "Ada@New.Example", verified: true)
        }
        #expect(try await store.user(id: bob.id) == bob)
    }

    @Test(arguments: StoreKind.allCases)
    func writesForAnUnknownUserAreRefused(kind: StoreKind) async throws {
        let store = try await A.store(kind)
        let nobody = User(id: A.nobody, username: "nobody", email: "nobody@example.org", emailVerified: false,
                          role: .user, createdAt: A.t0)
        await #expect(throws: AccountError.noSuchUser) { try await store.setPasswordHash(userID: A.nobody, "h") }
        await #expect(throws: AccountError.noSuchUser) { try await store.setEmail(userID: A.nobody, "n@example.org", verified: true) }
        await #expect(throws: AccountError.noSuchUser) { try await store.setRole(userID: A.nobody, .admin) }
        // Foreign keys are enforced: nothing can belong to a user who does not exist.
        await #expect(throws: AccountError.noSuchUser) { try await store.createSession(A.session("s", nobody)) }
        await #expect(throws: AccountError.noSuchUser) {
            try await store.createAPIToken(userID: A.nobody, name: "t", secretHash: "t", now: A.t0)
        }
        await #expect(throws: AccountError.noSuchUser) {
            try await store.createOneTimeToken(secretHash: "o", userID: A.nobody, purpose: .verifyEmail, payload: nil,
                                               expiresAt: A.t0.addingTimeInterval(60))
        }
        #expect(try await store.deleteExpiredSessions(now: .distantFuture) == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func deletingAUserRemovesTheirSessionsAndTokens(kind: StoreKind) async throws {
        let (store, ada, bob) = try await A.adaAndBob(kind)
        try await store.createSession(A.session("ada's session", ada))
        try await store.createSession(A.session("bob's session", bob))
        _ = try await store.createAPIToken(userID: ada.id, name: "laptop", secretHash: "ada's token", now: A.t0)
        try await store.createOneTimeToken(secretHash: "ada's link", userID: ada.id, purpose: .resetPassword,
                                           payload: nil, expiresAt: A.t0.addingTimeInterval(3600))
        try await store.deleteUser(id: ada.id)

        #expect(try await store.user(id: ada.id) == nil)
        #expect(try await store.user(username: "ada") == nil)
        #expect(try await store.userCount() == 1)
        #expect(try await store.session(secretHash: "ada's session", now: A.t0) == nil)
        #expect(try await store.user(apiTokenHash: "ada's token", now: A.t0) == nil)
        #expect(try await store.apiTokens(userID: ada.id).isEmpty)
        #expect(try await store.session(secretHash: "bob's session", now: A.t0)?.user == bob)

        // The rows are gone, not just unreachable: their keys can be used again.
        try await store.createSession(A.session("ada's session", bob))
        _ = try await store.createAPIToken(userID: bob.id, name: "reused", secretHash: "ada's token", now: A.t0)
        try await store.createOneTimeToken(secretHash: "ada's link", userID: bob.id, purpose: .resetPassword,
                                           payload: nil, expiresAt: A.t0.addingTimeInterval(3600))
        #expect(try await store.consumeOneTimeToken(secretHash: "ada's link", purpose: .resetPassword, now: A.t0)?.userID == bob.id)
        #expect(try await store.deleteExpiredSessions(now: .distantFuture) == 2)

        try await store.deleteUser(id: ada.id)
        #expect(try await store.userCount() == 1)
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentSignUpsForOneNameOrAddressLetExactlyOneIn(kind: StoreKind) async throws {
        let store = try await A.store(kind)
        let sameName = try await Self.signUps(store) { i in A.newUser(i.isMultiple(of: 2) ? "race" : "RACE", email: "racer\(i)@example.org") }
        #expect(sameName.filter { $0 == nil }.count == 1)
        #expect(sameName.compactMap { $0 } == Array(repeating: .usernameTaken, count: Self.racers - 1))
        let sameAddress = try await Self.signUps(store) { i in A.newUser("racer\(i)", email: i.isMultiple(of: 2) ? "race@example.org" : "RACE@example.org") }
        #expect(sameAddress.filter { $0 == nil }.count == 1)
        #expect(sameAddress.compactMap { $0 } == Array(repeating: .emailTaken, count: Self.racers - 1))
        #expect(try await store.userCount() == 2)
    }

    static let racers = 20

    /// Runs `racers` sign-ups at once; nil for each that succeeded.
    static func signUps(_ store: any AccountStore, _ user: @escaping @Sendable (Int) -> NewUser) async throws -> [AccountError?] {
        try await withThrowingTaskGroup(of: AccountError?.self) { group in
            for i in 0..<racers {
                group.addTask {
                    do {
                        _ = try await store.createUser(user(i))
                        return nil
                    } catch let error as AccountError {
                        return error
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}
