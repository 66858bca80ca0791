import Foundation
import Testing
@testable import Mail
import PaperboyCore
import PaperboyStore
import ServiceLifecycle

/// The outbox sender against a real SMTP server (aiosmtpd on loopback), reading back what it
/// received with Python's own email parser.
@Suite("Mail delivery through a real SMTP server")
struct SMTPDeliveryTests {
    let clock = TestClock()

    @Test func deliversAMessageThatReadsBackIntact() async throws {
        let server = try TestSMTPServer()
        let store = try SQLiteStore.inMemory()
        let mail = OutgoingMail(
            to: "zoe@example.org", subject: "Résumé: 3 new papers on attention — 注意",
            text: "Hello Zoë,\n.this line starts with a dot\n..and this with two\n.\n" + String(repeating: "long line ", count: 150) + "\nBye\n",
            html: "<p>Hello Zoë</p>\n<p>.dot</p>\n" + String(repeating: "<b>x</b>", count: 300),
            headers: [.init("List-Unsubscribe", "<https://papers.example.org/u?t=1>")])
        let id = try await store.enqueue(mail, now: clock.now)
        let report = try await MailFixtures.service(store, port: server.port, clock: clock).drain()
        #expect(report.sent == 1 && report.retried == 0 && report.failed == 0)

        let delivered = try server.delivered()
        try #require(delivered.count == 1)
        let got = delivered[0]
        let message = try #require(try await store.outbox(status: .sent, limit: 10).first { $0.id == id })
        #expect(got.mailFrom == "paperboy@papers.example.org" && got.rcptTos == ["zoe@example.org"])
        #expect(got.from == "Paperboy <paperboy@papers.example.org>")
        #expect(got.to == "zoe@example.org")
        #expect(got.subject == mail.subject)
        #expect(got.messageId == "<\(message.token)@papers.example.org>")
        #expect(got.date == MessageComposer.rfc5322Date(clock.now))
        #expect(got.contentType == "multipart/alternative")
        #expect(got.text.map(normalised) == normalised(mail.text))
        #expect(got.html.map(normalised) == normalised(mail.html))
        #expect(got.defects.isEmpty, "Python's parser found defects: \(got.defects)")
        let raw = try server.raw()[0]
        #expect(MIME.lines(raw).allSatisfy { $0.count <= 79 })
        #expect(message.finishedAt == clock.now && message.attempts == 1)
    }

    private func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .newlines)
    }

    @Test(arguments: [SMTPServer.AuthMechanism.plain, .login])
    func authenticates(mechanism: SMTPServer.AuthMechanism) async throws {
        let server = try TestSMTPServer(.init(auth: "reader:s3cret:x"))
        let store = try SQLiteStore.inMemory()
        try await store.enqueue(MailFixtures.mail(), now: clock.now)
        let report = try await MailFixtures.service(store, port: server.port, query: "starttls=never&auth=\(mechanism.rawValue.lowercased())",
                                                    user: "reader:s3cret%3Ax@", clock: clock).drain()
        #expect(report.sent == 1)
        #expect(try server.delivered().map(\.authenticated) == [true])
    }

    @Test func wrongPasswordLeavesTheMessageForLater() async throws {
        let server = try TestSMTPServer(.init(auth: "reader:s3cret"))
        let store = try SQLiteStore.inMemory()
        try await store.enqueue(MailFixtures.mail(), now: clock.now)
        let report = try await MailFixtures.service(store, port: server.port, user: "reader:wrong@", clock: clock).drain()
        #expect(report.retried == 1 && report.sent == 0)
        #expect(try server.delivered().isEmpty)
        let pending = try #require(try await store.outbox(status: .pending, limit: 1).first)
        #expect(pending.lastError?.contains("AUTH PLAIN: server replied 535") == true, "\(pending.lastError ?? "")")
    }

    @Test func permanentRejectionFailsOnlyThatMessage() async throws {
        let server = try TestSMTPServer(.init(reject: ["gone@example.org": 550]))
        let store = try SQLiteStore.inMemory()
        let first = try await store.enqueue(MailFixtures.mail(1), now: clock.now)
        let gone = try await store.enqueue(MailFixtures.mail(2, to: "gone@example.org"), now: clock.now)
        let third = try await store.enqueue(MailFixtures.mail(3), now: clock.now)
        let report = try await MailFixtures.service(store, port: server.port, clock: clock).drain()
        #expect(report.sent == 2 && report.failed == 1 && report.retried == 0)
        // The session went on after the 550 (RSET), on one connection.
        #expect(try server.delivered().map(\.subject) == ["Your digest 1", "Your digest 3"])
        let failed = try await store.outbox(status: .failed, limit: 10)
        #expect(failed.map(\.id) == [gone])
        #expect(failed.first?.lastError?.contains("RCPT TO:<gone@example.org>: server replied 550") == true)
        #expect(Set(try await store.outbox(status: .sent, limit: 10).map(\.id)) == [first, third])
        // Failed is final: later runs leave it alone.
        clock.advance(86_400)
        #expect(try await MailFixtures.service(store, port: server.port, clock: clock).drain() == OutboxService.Report())
        #expect(try server.delivered().count == 2)
    }

    @Test func transientRejectionIsRetriedWithBackoffAndDeliveredOnce() async throws {
        let busy = try TestSMTPServer(.init(reject: ["reader@example.org": 451]))
        let store = try SQLiteStore.inMemory()
        let id = try await store.enqueue(MailFixtures.mail(), now: clock.now)
        let start = clock.now
        #expect(try await MailFixtures.service(store, port: busy.port, clock: clock).drain().retried == 1)
        let waiting = try #require(try await store.outbox(status: .pending, limit: 1).first)
        #expect(waiting.id == id && waiting.attempts == 1 && waiting.nextAttemptAt == start + 60)
        #expect(waiting.lastError?.contains("451") == true)
        busy.stop()

        let back = try TestSMTPServer()
        clock.advance(30)                                   // not due yet
        #expect(try await MailFixtures.service(store, port: back.port, clock: clock).drain() == OutboxService.Report())
        clock.advance(31)
        #expect(try await MailFixtures.service(store, port: back.port, clock: clock).drain().sent == 1)
        #expect(try back.delivered().count == 1)
        #expect(try busy.delivered().isEmpty)
        clock.advance(3600)
        #expect(try await MailFixtures.service(store, port: back.port, clock: clock).drain() == OutboxService.Report())
        #expect(try back.delivered().count == 1)
    }

    @Test func serverDownThenBackDeliversOnce() async throws {
        // A port that was just free: start a server to learn one, then stop it.
        let probe = try TestSMTPServer()
        let port = probe.port
        probe.stop()
        let store = try SQLiteStore.inMemory()
        try await store.enqueue(MailFixtures.mail(), now: clock.now)
        let down = try MailFixtures.service(store, port: port, clock: clock)
        #expect(try await down.drain().retried == 1)
        let error = try #require(try await store.outbox(status: .pending, limit: 1).first?.lastError)
        #expect(error.contains("127.0.0.1:\(port)"), "\(error)")

        let server = try TestSMTPServer(.init(port: port))
        clock.advance(61)
        #expect(try await down.drain().sent == 1)
        clock.advance(3600)
        #expect(try await down.drain().sent == 0)
        #expect(try server.delivered().count == 1)
    }

    @Test func aServerThatNeverAnswersTimesOutAndIsRetried() async throws {
        let server = try TestSMTPServer(.init(mute: true))
        let store = try SQLiteStore.inMemory()
        try await store.enqueue(MailFixtures.mail(), now: clock.now)
        let service = try MailFixtures.service(store, port: server.port, clock: clock) { $0.replyTimeout = .milliseconds(300) }
        let started = ContinuousClock.now
        #expect(try await service.drain().retried == 1)
        #expect(ContinuousClock.now - started < .seconds(5))
        let error = try #require(try await store.outbox(status: .pending, limit: 1).first?.lastError)
        #expect(error.contains("greeting: no reply in time"), "\(error)")
    }

    @Test func aMessageLeftByACrashedSenderIsSentOnceItsLeaseRunsOut() async throws {
        let server = try TestSMTPServer()
        let store = try SQLiteStore.inMemory()
        let id = try await store.enqueue(MailFixtures.mail(), now: clock.now)
        // A sender claimed it and died before sending.
        let lease: TimeInterval = 600
        #expect(try await store.claimDueMail(limit: 10, owner: "crashed", now: clock.now, lease: lease).count == 1)
        let service = try MailFixtures.service(store, port: server.port, clock: clock) { $0.lease = lease }
        clock.advance(lease - 1)
        #expect(try await service.drain().sent == 0)
        clock.advance(1)
        #expect(try await service.drain().sent == 1)
        #expect(try server.delivered().count == 1)
        #expect(try await store.markMailSent(id: id, owner: "crashed", now: clock.now) == false)
    }

    @Test func twoSendersNeverSendTheSameMessage() async throws {
        let server = try TestSMTPServer()
        let store = try SQLiteStore.inMemory()
        for n in 1...30 { try await store.enqueue(MailFixtures.mail(n), now: clock.now) }
        let configure: (inout MailSettings) -> Void = { $0.batchSize = 4 }
        let a = try MailFixtures.service(store, port: server.port, clock: clock, configure: configure)
        let b = try MailFixtures.service(store, port: server.port, clock: clock, configure: configure)
        async let first = a.drain()
        async let second = b.drain()
        let (ra, rb) = try await (first, second)
        #expect(ra.sent + rb.sent == 30)
        // Run again, both: nothing is due, nothing is sent twice.
        #expect(try await a.drain().sent == 0)
        #expect(try await b.drain().sent == 0)
        let delivered = try server.delivered()
        #expect(delivered.count == 30)
        #expect(Set(delivered.map(\.messageId)).count == 30)
        #expect(Set(delivered.map(\.subject)) == Set((1...30).map { "Your digest \($0)" }))
    }

    @Test func aRunOfMessagesSharesOneConnection() async throws {
        let server = try TestSMTPServer()
        let store = try SQLiteStore.inMemory()
        let count = 200
        for n in 1...count { try await store.enqueue(MailFixtures.mail(n), now: clock.now) }
        let service = try MailFixtures.service(store, port: server.port, clock: clock) {
            $0.batchSize = count
            $0.messagesPerMinute = 0
        }
        let started = ContinuousClock.now
        #expect(try await service.drain().sent == count)
        let elapsed = ContinuousClock.now - started
        let delivered = try server.delivered()
        #expect(delivered.count == count)
        #expect(Set(delivered.map(\.peer)).count == 1, "one connection for the run")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("mail: \(count) messages to aiosmtpd over one connection in \(elapsed) (\(Int(Double(count) / seconds)) messages/s)")
    }

    @Test func theServiceSendsAsMailArrivesAndStopsOnShutdown() async throws {
        let server = try TestSMTPServer()
        let store = try SQLiteStore.inMemory()
        let service = try MailFixtures.service(store, port: server.port, clock: clock) { $0.pollInterval = .milliseconds(50) }
        let group = ServiceGroup(services: [service], logger: MailFixtures.logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            try await store.enqueue(MailFixtures.mail(1), now: clock.now)
            try await Self.waitFor { try server.delivered().count == 1 }
            try await store.enqueue(MailFixtures.mail(2), now: clock.now)
            try await Self.waitFor { try server.delivered().count == 2 }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(try await store.outboxCounts() == [.sent: 2])
    }

    static func waitFor(_ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        while try !condition() {
            guard ContinuousClock.now < deadline else { throw TestServerError("gave up waiting") }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func rateLimitHoldsBackTheRestUntilTheNextMinute() async throws {
        let server = try TestSMTPServer()
        let store = try SQLiteStore.inMemory()
        for n in 1...5 { try await store.enqueue(MailFixtures.mail(n), now: clock.now) }
        let service = try MailFixtures.service(store, port: server.port, clock: clock) { $0.messagesPerMinute = 3 }
        let first = try await service.drain()
        #expect(first.sent == 3 && first.rateLimited)
        clock.advance(30)
        #expect(try await service.drain().sent == 0)
        clock.advance(31)
        let second = try await service.drain()
        #expect(second.sent == 2 && !second.rateLimited)
        #expect(try server.delivered().map(\.subject) == (1...5).map { "Your digest \($0)" })
    }

    @Test func startTLSRequiredUpgradesAndChecksTheCertificate() async throws {
        let server = try TestSMTPServer(.init(auth: "reader:s3cret", tls: true))
        let store = try SQLiteStore.inMemory()
        try await store.enqueue(MailFixtures.mail(), now: clock.now)
        let report = try await MailFixtures.service(store, port: server.port, query: "starttls=required&cafile=\(server.certificate)",
                                                    user: "reader:s3cret@", clock: clock).drain()
        #expect(report.sent == 1)
        #expect(try server.delivered().map { [$0.tls, $0.authenticated] } == [[true, true]])

        // Without trusting its self-signed certificate, the upgrade fails and nothing is sent.
        try await store.enqueue(MailFixtures.mail(2), now: clock.now)
        let untrusted = try await MailFixtures.service(store, port: server.port, query: "starttls=required", user: "reader:s3cret@", clock: clock).drain()
        #expect(untrusted.retried == 1)
        #expect(try server.delivered().count == 1)
    }

    @Test func startTLSRequiredRefusesAServerWithoutIt() async throws {
        let server = try TestSMTPServer()
        let store = try SQLiteStore.inMemory()
        try await store.enqueue(MailFixtures.mail(), now: clock.now)
        #expect(try await MailFixtures.service(store, port: server.port, query: "starttls=required", clock: clock).drain().retried == 1)
        #expect(try await store.outbox(status: .pending, limit: 1).first?.lastError?.contains("does not offer STARTTLS") == true)
        // Opportunistic goes on in clear, but never with a password.
        #expect(try await MailFixtures.service(store, port: server.port, query: "starttls=opportunistic", user: "u:p@", clock: clock.advanced(61)).drain().retried == 1)
        #expect(try await store.outbox(status: .pending, limit: 1).first?.lastError?.contains("refusing to send the password") == true)
        #expect(try await MailFixtures.service(store, port: server.port, query: "starttls=opportunistic", clock: clock.advanced(1000)).drain().sent == 1)
        #expect(try server.delivered().map(\.tls) == [false])
    }

    @Test func implicitTLS() async throws {
        let server = try TestSMTPServer(.init(implicitTLS: true))
        let store = try SQLiteStore.inMemory()
        try await store.enqueue(MailFixtures.mail(), now: clock.now)
        let service = try MailFixtures.service(store, port: server.port, scheme: "smtps", query: "cafile=\(server.certificate)", clock: clock)
        #expect(try await service.drain().sent == 1)
        #expect(try server.delivered().map(\.tls) == [true])
    }
}

extension TestClock {
    /// Moves the clock and returns it, for a call that should happen later.
    func advanced(_ seconds: TimeInterval) -> TestClock {
        advance(seconds)
        return self
    }
}
