import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("AccountStore conformance: sessions, API tokens, one-time tokens")
struct TokenConformanceTests {
    typealias A = Accounts

    static func minutes(_ n: Double) -> Date { A.t0.addingTimeInterval(n * 60) }

    @Test(arguments: StoreKind.allCases)
    func sessionsLastUntilTheyExpire(kind: StoreKind) async throws {
        let (store, ada, _) = try await A.adaAndBob(kind)
        let session = A.session("s1", ada, expiresAt: Self.minutes(60))
        try await store.createSession(session)
        let found = try #require(try await store.session(secretHash: "s1", now: A.t0))
        #expect(found.session == session && found.user == ada)
        #expect(try await store.session(secretHash: "s1", now: Self.minutes(59))?.user == ada)
        #expect(try await store.session(secretHash: "s1", now: Self.minutes(60)) == nil)
        #expect(try await store.session(secretHash: "s2", now: A.t0) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func signingOutEndsOneSessionOrEveryOneOfAUser(kind: StoreKind) async throws {
        let (store, ada, bob) = try await A.adaAndBob(kind)
        for (secret, user) in [("a1", ada), ("a2", ada), ("b1", bob)] { try await store.createSession(A.session(secret, user)) }
        try await store.deleteSession(secretHash: "a1")
        #expect(try await store.session(secretHash: "a1", now: A.t0) == nil)
        #expect(try await store.session(secretHash: "a2", now: A.t0)?.user == ada)
        try await store.deleteSessions(userID: ada.id)
        #expect(try await store.session(secretHash: "a2", now: A.t0) == nil)
        #expect(try await store.session(secretHash: "b1", now: A.t0)?.user == bob)
    }

    @Test(arguments: StoreKind.allCases)
    func deletesExpiredSessionsAndCountsThem(kind: StoreKind) async throws {
        let (store, ada, bob) = try await A.adaAndBob(kind)
        try await store.createSession(A.session("s10", ada, expiresAt: Self.minutes(10)))
        try await store.createSession(A.session("s20", bob, expiresAt: Self.minutes(20)))
        try await store.createSession(A.session("s30", ada, expiresAt: Self.minutes(30)))
        // A session whose expiry is `now` has expired, as `session(secretHash:now:)` agrees.
        #expect(try await store.deleteExpiredSessions(now: Self.minutes(20)) == 2)
        #expect(try await store.session(secretHash: "s10", now: A.t0) == nil)
        #expect(try await store.session(secretHash: "s20", now: A.t0) == nil)
        #expect(try await store.session(secretHash: "s30", now: A.t0)?.user == ada)
        #expect(try await store.deleteExpiredSessions(now: Self.minutes(20)) == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func apiTokensFindTheirUserAndRecordEachUse(kind: StoreKind) async throws {
        let (store, ada, bob) = try await A.adaAndBob(kind)
        let laptop = try await store.createAPIToken(userID: ada.id, name: "laptop", secretHash: "t1", now: A.t0)
        #expect(laptop == APIToken(id: laptop.id, userID: ada.id, name: "laptop", createdAt: A.t0, lastUsedAt: nil))
        let ci = try await store.createAPIToken(userID: ada.id, name: "ci", secretHash: "t2", now: Self.minutes(1))
        let bobs = try await store.createAPIToken(userID: bob.id, name: "laptop", secretHash: "t3", now: A.t0)
        #expect(Set([laptop.id, ci.id, bobs.id]).count == 3)
        #expect(try await store.apiTokens(userID: ada.id) == [laptop, ci])

        #expect(try await store.user(apiTokenHash: "t1", now: Self.minutes(2)) == ada)
        #expect(try await store.user(apiTokenHash: "t1", now: Self.minutes(3)) == ada)
        var used = laptop
        used.lastUsedAt = Self.minutes(3)
        #expect(try await store.apiTokens(userID: ada.id) == [used, ci])
        #expect(try await store.apiTokens(userID: bob.id) == [bobs])
        #expect(try await store.user(apiTokenHash: "t4", now: A.t0) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func onlyItsOwnerRevokesAToken(kind: StoreKind) async throws {
        let (store, ada, bob) = try await A.adaAndBob(kind)
        let token = try await store.createAPIToken(userID: ada.id, name: "laptop", secretHash: "t1", now: A.t0)
        #expect(try await store.revokeAPIToken(id: token.id, userID: bob.id) == false)
        #expect(try await store.user(apiTokenHash: "t1", now: A.t0) == ada)
        #expect(try await store.apiTokens(userID: ada.id).map(\.id) == [token.id])

        #expect(try await store.revokeAPIToken(id: token.id, userID: ada.id))
        #expect(try await store.user(apiTokenHash: "t1", now: A.t0) == nil)
        #expect(try await store.apiTokens(userID: ada.id).isEmpty)
        #expect(try await store.revokeAPIToken(id: token.id, userID: ada.id) == false)
    }

    @Test(arguments: StoreKind.allCases)
    func oneTimeTokensWorkOnceAndOnlyForTheirPurpose(kind: StoreKind) async throws {
        let (store, ada, _) = try await A.adaAndBob(kind)
        try await store.createOneTimeToken(secretHash: "o1", userID: ada.id, purpose: .verifyEmail, payload: nil,
                                           expiresAt: Self.minutes(60))
        try await store.createOneTimeToken(secretHash: "o2", userID: ada.id, purpose: .changeEmail,
                                           payload: "ada@new.example", expiresAt: Self.minutes(60))
        // Another purpose is refused and leaves the token for its own.
        #expect(try await store.consumeOneTimeToken(secretHash: "o1", purpose: .resetPassword, now: A.t0) == nil)
        let verified = try #require(try await store.consumeOneTimeToken(secretHash: "o1", purpose: .verifyEmail, now: A.t0))
        #expect(verified.userID == ada.id && verified.payload == nil)
        #expect(try await store.consumeOneTimeToken(secretHash: "o1", purpose: .verifyEmail, now: A.t0) == nil)

        let change = try #require(try await store.consumeOneTimeToken(secretHash: "o2", purpose: .changeEmail, now: Self.minutes(59)))
        #expect(change.userID == ada.id && change.payload == "ada@new.example")
        #expect(try await store.consumeOneTimeToken(secretHash: "o3", purpose: .changeEmail, now: A.t0) == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func expiredOneTimeTokensAreRefusedAndDeleted(kind: StoreKind) async throws {
        let (store, ada, _) = try await A.adaAndBob(kind)
        try await store.createOneTimeToken(secretHash: "o1", userID: ada.id, purpose: .resetPassword, payload: nil,
                                           expiresAt: Self.minutes(60))
        #expect(try await store.consumeOneTimeToken(secretHash: "o1", purpose: .resetPassword, now: Self.minutes(60)) == nil)
        // Deleted: the same secret can be issued anew (its key would clash otherwise), and works.
        try await store.createOneTimeToken(secretHash: "o1", userID: ada.id, purpose: .resetPassword, payload: "again",
                                           expiresAt: Self.minutes(120))
        let again = try #require(try await store.consumeOneTimeToken(secretHash: "o1", purpose: .resetPassword, now: Self.minutes(60)))
        #expect(again.userID == ada.id && again.payload == "again")
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentUsesOfOneTokenSucceedOnce(kind: StoreKind) async throws {
        let (store, ada, _) = try await A.adaAndBob(kind)
        try await store.createOneTimeToken(secretHash: "o1", userID: ada.id, purpose: .resetPassword, payload: nil,
                                           expiresAt: Self.minutes(60))
        let uses: [Int64?] = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for _ in 0..<AccountConformanceTests.racers {
                group.addTask { try await store.consumeOneTimeToken(secretHash: "o1", purpose: .resetPassword, now: A.t0)?.userID }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(uses.compactMap { $0 } == [ada.id])
        #expect(uses.count == AccountConformanceTests.racers)
    }
}
