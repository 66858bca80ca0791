import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("MailStore conformance: the outbox")
struct MailStoreConformanceTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)
    static let lease: TimeInterval = 600

    static func mail(_ n: Int) -> OutgoingMail {
        OutgoingMail(to: "r\(n)@example.org", subject: "Résumé \(n) ✓", text: "text \(n)\n", html: "<p>\(n)</p>",
                     headers: [.init("List-Unsubscribe", "<https://x.org/u?\(n)>"), .init("X-Digest", "weekly")])
    }

    @Test(arguments: StoreKind.allCases)
    func enqueuedMailComesBackLeasedAndIntact(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any MailStore).self)
        let first = try await store.enqueue(Self.mail(1), now: Self.t0)
        let second = try await store.enqueue(Self.mail(2), now: Self.t0 + 1)
        #expect(second > first)
        let claimed = try await store.claimDueMail(limit: 10, owner: "a", now: Self.t0 + 1, lease: Self.lease)
        #expect(claimed.map(\.id) == [first, second])
        #expect(claimed.map(\.mail) == [Self.mail(1), Self.mail(2)])
        #expect(claimed.allSatisfy { $0.status == .sending && $0.attempts == 1 && $0.leaseUntil == Self.t0 + 1 + Self.lease })
        #expect(claimed[0].createdAt == Self.t0 && claimed[1].createdAt == Self.t0 + 1)
        #expect(Set(claimed.map(\.token)).count == 2 && claimed.allSatisfy { !$0.token.isEmpty })
        // Leased: nobody else gets them.
        #expect(try await store.claimDueMail(limit: 10, owner: "b", now: Self.t0 + 2, lease: Self.lease).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func onlyDueMessagesAndAtMostTheLimit(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any MailStore).self)
        for n in 1...3 { try await store.enqueue(Self.mail(n), now: Self.t0 + Double(n)) }
        #expect(try await store.claimDueMail(limit: 10, owner: "a", now: Self.t0, lease: Self.lease).isEmpty)
        #expect(try await store.claimDueMail(limit: 1, owner: "a", now: Self.t0 + 10, lease: Self.lease).map(\.mail.to) == ["r1@example.org"])
        #expect(try await store.claimDueMail(limit: 5, owner: "a", now: Self.t0 + 2, lease: Self.lease).map(\.mail.to) == ["r2@example.org"])
        #expect(try await store.claimDueMail(limit: 0, owner: "a", now: Self.t0 + 10, lease: Self.lease).isEmpty)
    }

    @Test(arguments: StoreKind.allCases)
    func concurrentClaimsNeverShareAMessage(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any MailStore).self)
        for n in 1...40 { try await store.enqueue(Self.mail(n), now: Self.t0) }
        let ids = try await withThrowingTaskGroup(of: [Int64].self) { group in
            for owner in 0..<4 {
                group.addTask {
                    var mine: [Int64] = []
                    while true {
                        let batch = try await store.claimDueMail(limit: 3, owner: "sender\(owner)", now: Self.t0, lease: Self.lease)
                        if batch.isEmpty { return mine }
                        mine += batch.map(\.id)
                    }
                }
            }
            return try await group.reduce(into: [Int64]()) { $0 += $1 }
        }
        #expect(ids.count == 40 && Set(ids).count == 40)
    }

    @Test(arguments: StoreKind.allCases)
    func anExpiredLeaseGoesToAnotherSenderAndTheFirstCannotFinish(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any MailStore).self)
        let id = try await store.enqueue(Self.mail(1), now: Self.t0)
        _ = try await store.claimDueMail(limit: 1, owner: "crashed", now: Self.t0, lease: 60)
        #expect(try await store.claimDueMail(limit: 1, owner: "b", now: Self.t0 + 59, lease: 60).isEmpty)
        let again = try await store.claimDueMail(limit: 1, owner: "b", now: Self.t0 + 60, lease: 60)
        #expect(again.map(\.id) == [id] && again.first?.attempts == 2)
        #expect(try await store.markMailSent(id: id, owner: "crashed", now: Self.t0 + 61) == false)
        #expect(try await store.scheduleMailRetry(id: id, owner: "crashed", error: "x", at: Self.t0) == false)
        #expect(try await store.markMailFailed(id: id, owner: "crashed", error: "x", now: Self.t0) == false)
        #expect(try await store.markMailSent(id: id, owner: "b", now: Self.t0 + 62) == true)
        #expect(try await store.markMailSent(id: id, owner: "b", now: Self.t0 + 63) == false, "sent once")
        let sent = try await store.outbox(status: .sent, limit: 10)
        #expect(sent.map(\.id) == [id] && sent.first?.finishedAt == Self.t0 + 62 && sent.first?.leaseUntil == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func retryWaitsUntilDueAndFailedIsFinal(kind: StoreKind) async throws {
        let store = try await kind.open(as: (any MailStore).self)
        let retried = try await store.enqueue(Self.mail(1), now: Self.t0)
        let failed = try await store.enqueue(Self.mail(2), now: Self.t0)
        _ = try await store.claimDueMail(limit: 2, owner: "a", now: Self.t0, lease: Self.lease)
        #expect(try await store.scheduleMailRetry(id: retried, owner: "a", error: "451 busy", at: Self.t0 + 120))
        #expect(try await store.markMailFailed(id: failed, owner: "a", error: "550 no such user", now: Self.t0 + 1))
        #expect(try await store.outboxCounts() == [.pending: 1, .failed: 1])

        let pending = try await store.outbox(status: .pending, limit: 10)
        #expect(pending.map(\.id) == [retried] && pending.first?.lastError == "451 busy" && pending.first?.nextAttemptAt == Self.t0 + 120)
        let failedRows = try await store.outbox(status: .failed, limit: 10)
        #expect(failedRows.map(\.id) == [failed] && failedRows.first?.lastError == "550 no such user" && failedRows.first?.finishedAt == Self.t0 + 1)

        #expect(try await store.claimDueMail(limit: 10, owner: "a", now: Self.t0 + 119, lease: Self.lease).isEmpty)
        let due = try await store.claimDueMail(limit: 10, owner: "a", now: Self.t0 + 120, lease: Self.lease)
        #expect(due.map(\.id) == [retried] && due.first?.attempts == 2)
        #expect(try await store.markMailSent(id: retried, owner: "a", now: Self.t0 + 121))
        #expect(try await store.outboxCounts() == [.sent: 1, .failed: 1])
        #expect(try await store.claimDueMail(limit: 10, owner: "a", now: Self.t0 + 1_000_000, lease: Self.lease).isEmpty)
        // Newest first, all statuses.
        #expect(try await store.outbox(status: nil, limit: 10).map(\.id) == [failed, retried])
        #expect(try await store.outbox(status: nil, limit: 1).map(\.id) == [failed])
    }
}
