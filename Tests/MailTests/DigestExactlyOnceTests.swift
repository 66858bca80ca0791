import Digest
import Foundation
import PaperboyCore
import PaperboyStore
import Testing

/// `paperboy digest send` killed (SIGKILL) while claiming, then again while sending, then run to
/// the end: every subscriber gets their digest once.
@Suite("Digests: killed and run again", .serialized)
struct DigestExactlyOnceTests {
    static let binary = DigestHub.root.appendingPathComponent(".build/debug/paperboy")

    /// Whether the run was killed (else it exited 0).
    func run(_ hub: DigestHub, killWhen: (@Sendable () async throws -> Bool)? = nil) async throws -> Bool {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["digest", "send", "--db", hub.databasePath, "--date", "2026-03-13",
                             "--smtp", "smtp://127.0.0.1:\(hub.smtp.port)?starttls=never", "--public-url", "https://papers.example.org",
                             "--mail-per-minute", "0"]
        // A short lease, so the run after a kill may resend what the killed one held.
        process.environment = ProcessInfo.processInfo.environment.merging(["PAPERBOY_MAIL_LEASE_SECONDS": "1"]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        if let killWhen {
            while process.isRunning {
                if try await killWhen() {
                    kill(process.processIdentifier, SIGKILL)
                    break
                }
                try await Task.sleep(for: .milliseconds(5))
            }
        }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { return true }
        #expect(process.terminationStatus == 0, "paperboy digest send exited with \(process.terminationStatus)")
        return false
    }

    @Test func aKilledSendRunAgainSendsEveryDigestOnce() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the binary first (swift build)")
        let hub = try await DigestHub()
        let filters = [DigestFilter(top: 5), DigestFilter(categories: ["cs.CL"], top: 5), DigestFilter(categories: ["cs.LG"], excludedCategories: ["cs.CV"], top: 5),
                       DigestFilter(queries: ["language model"], top: 5)]
        var subscribers: [String] = []
        for n in 0..<160 {
            let email = "reader\(n)@example.org"
            _ = try await hub.subscribe(email, filters[n % filters.count])
            subscribers.append(email)
        }
        let store = hub.store, smtp = hub.smtp
        // Killed while claiming: some editions are queued, none sent.
        let first = try await run(hub) { (try await store.outboxCounts()[.pending] ?? 0) >= 40 }
        let queuedAfterFirst = try await store.outboxCounts()[.pending] ?? 0
        let deliveredAfterFirst = try smtp.delivered().count
        #expect(first && queuedAfterFirst < 160 && deliveredAfterFirst == 0, "killed while claiming: \(queuedAfterFirst) queued")
        // Killed while sending.
        let second = try await run(hub) { try smtp.delivered().count >= 40 }
        let deliveredAfterSecond = try smtp.delivered().count
        #expect(second && deliveredAfterSecond < 160, "killed while sending: \(deliveredAfterSecond) delivered")
        try await Task.sleep(for: .milliseconds(1_200))
        #expect(try await run(hub) == false)
        #expect(try await run(hub) == false, "a fourth run has nothing left to do")

        let delivered = try smtp.delivered()
        let byRecipient = Dictionary(grouping: delivered, by: { $0.rcptTos.first ?? "" })
        #expect(Set(byRecipient.keys) == Set(subscribers), "every subscriber got a digest")
        for (who, mails) in byRecipient {
            // The one resend SMTP allows: a message accepted just before the kill, sent again
            // with the same Message-ID (receivers drop the copy).
            #expect(Set(mails.map(\.messageId)).count == 1, "\(who) got \(mails.count) different digests")
        }
        #expect(delivered.count <= subscribers.count + 1, "at most the one message in flight at the kill came twice: \(delivered.count)")
        #expect(try await store.outboxCounts() == [.sent: 160])
    }
}
