import Foundation
import Logging
import PaperboyStore
import ServiceLifecycle

/// Sends the outbox: claims due messages (a lease, so two senders never send the same one),
/// hands them to the transport in runs of `batchSize` over one connection, and marks each, as
/// soon as the server has answered for it, sent, due again after a backoff (4xx, connection
/// trouble) or failed for good (5xx, a message that cannot be composed, too many attempts).
/// A 5xx to the recipient itself (RCPT TO) also suppresses the address (`MailStore.suppress`).
/// At most `messagesPerMinute` leave per minute.
///
/// A crash loses nothing: an unfinished message's lease runs out and it is sent again. The one
/// case that can send twice is a crash (or timeout) after the server accepted the data and
/// before `markMailSent`; the copy has the same Message-ID, which receivers use to drop it.
public final class OutboxService: Service, Sendable {
    let store: any MailStore
    let transport: any MailTransport
    let settings: MailSettings
    let composer: MessageComposer
    let logger: Logger
    let clock: @Sendable () -> Date
    /// Names this sender's leases.
    let owner: String
    private let window = SendWindow()

    public init(store: any MailStore, transport: any MailTransport, settings: MailSettings, logger: Logger,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store; self.transport = transport; self.settings = settings; self.logger = logger
        self.clock = clock
        composer = settings.composer
        owner = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    }

    /// What one `drain` did.
    public struct Report: Sendable, Equatable {
        public var sent = 0, retried = 0, failed = 0
        /// True when the per-minute limit stopped it with messages possibly still due.
        public var rateLimited = false
        public init() {}
    }

    /// Polls until shutdown. A graceful shutdown lets the run in hand finish.
    public func run() async throws {
        logger.info("mail outbox sender started", metadata: ["owner": "\(owner)"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await drain()
            } catch {
                logger.error("mail outbox: \(error)")
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.settings.pollInterval) }
        }
        logger.info("mail outbox sender stopped")
    }

    /// Sends what is due now, up to the rate limit, and returns; for the CLI and tests.
    @discardableResult
    public func drain() async throws -> Report {
        var report = Report()
        while !Task.isShuttingDownGracefully {
            let now = clock()
            let allowed = await window.room(now: now, perMinute: settings.messagesPerMinute)
            let room = min(settings.batchSize, allowed)
            guard room > 0 else {
                report.rateLimited = true
                break
            }
            let batch = try await store.claimDueMail(limit: room, owner: owner, now: now, lease: settings.lease)
            guard !batch.isEmpty else { break }
            await window.record(batch.count, at: now)
            try await send(batch, report: &report)
        }
        return report
    }

    private func send(_ batch: [OutboxMessage], report: inout Report) async throws {
        var ready: [(message: OutboxMessage, envelope: Envelope)] = []
        for message in batch {
            do {
                let text = try composer.compose(message.mail, token: message.token, date: message.createdAt)
                ready.append((message, Envelope(from: settings.from, to: [message.mail.to], data: Array(text.utf8),
                                                messageID: composer.messageID(token: message.token), subject: message.mail.subject)))
            } catch {
                try await settle(message, .failed("cannot compose: \(error)"), report: &report)
            }
        }
        try await transport.deliver(ready.map(\.envelope)) { index, outcome in
            try await settle(ready[index].message, outcome, report: &report)
        }
    }

    private func settle(_ message: OutboxMessage, _ outcome: DeliveryOutcome, report: inout Report) async throws {
        let now = clock()
        let held: Bool
        switch outcome {
        case .sent:
            held = try await store.markMailSent(id: message.id, owner: owner, now: now)
            report.sent += 1
        case .refused(let why):
            // The recipient's server says the address does not exist: no digest goes there again.
            try await store.suppress(address: message.mail.to, reason: why, now: now)
            held = try await store.markMailFailed(id: message.id, owner: owner, error: why, now: now)
            report.failed += 1
            logger.warning("recipient refused for good; address suppressed", metadata: ["id": "\(message.id)", "to": "\(message.mail.to)", "error": "\(why)"])
        case .failed(let why):
            held = try await store.markMailFailed(id: message.id, owner: owner, error: why, now: now)
            report.failed += 1
            logger.warning("mail failed for good", metadata: ["id": "\(message.id)", "to": "\(message.mail.to)", "error": "\(why)"])
        case .retry(let why) where message.attempts >= settings.retry.attempts:
            held = try await store.markMailFailed(id: message.id, owner: owner, error: "gave up after \(message.attempts) attempts: \(why)", now: now)
            report.failed += 1
            logger.warning("mail given up", metadata: ["id": "\(message.id)", "to": "\(message.mail.to)", "error": "\(why)"])
        case .retry(let why):
            let at = now.addingTimeInterval(settings.retry.delay(after: message.attempts))
            held = try await store.scheduleMailRetry(id: message.id, owner: owner, error: why, at: at)
            report.retried += 1
        }
        if !held {
            logger.warning("mail lease ran out before the outcome was recorded", metadata: ["id": "\(message.id)"])
        }
    }
}

/// Claims in the last minute, for the per-minute limit.
actor SendWindow {
    private var stamps: [Date] = []

    func room(now: Date, perMinute limit: Int) -> Int {
        guard limit > 0 else { return .max }
        stamps.removeAll { now.timeIntervalSince($0) >= 60 }
        return max(0, limit - stamps.count)
    }

    func record(_ count: Int, at now: Date) {
        stamps += Array(repeating: now, count: count)
    }
}
