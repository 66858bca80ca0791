import Foundation
import Logging

/// Sends each run of messages over one SMTP connection. A 5xx for a message fails it, a 4xx
/// leaves it for later and goes on with the next; a broken connection leaves it and the rest
/// for later.
public struct SMTPTransport: MailTransport {
    public var server: SMTPServer
    public var heloName: String
    public var connectTimeout: Duration
    public var replyTimeout: Duration
    public var logger: Logger

    public init(server: SMTPServer, heloName: String, connectTimeout: Duration = .seconds(15),
                replyTimeout: Duration = .seconds(120), logger: Logger) {
        self.server = server; self.heloName = heloName; self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout; self.logger = logger
    }

    public func deliver(_ messages: [Envelope], settle: (Int, DeliveryOutcome) async throws -> Void) async throws {
        guard !messages.isEmpty else { return }
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.open(server, heloName: heloName, connectTimeout: connectTimeout, replyTimeout: replyTimeout)
        } catch {
            logger.warning("SMTP connection failed", metadata: ["server": "\(server.description)", "error": "\(error)"])
            return try await retry(messages.indices, "\(server.description): \(error)", settle)
        }
        for (index, message) in messages.enumerated() {
            let outcome: DeliveryOutcome
            do {
                try await connection.send(from: message.from, to: message.to, data: message.data)
                outcome = .sent
            } catch let error as SMTPError where error.code != nil {
                // The server said no to this message; the session goes on (RSET before the next).
                if case .reply(let command, _, _) = error, error.isPermanent {
                    outcome = command.hasPrefix("RCPT") ? .refused("\(error)") : .failed("\(error)")
                } else {
                    outcome = .retry("\(error)")
                }
            } catch {
                logger.warning("SMTP session broke off", metadata: ["server": "\(server.description)", "error": "\(error)"])
                await connection.close()
                return try await retry(index..<messages.count, "\(error)", settle)
            }
            do {
                try await settle(index, outcome)
            } catch {
                await connection.close()
                throw error
            }
        }
        await connection.quit()
    }

    private func retry(_ indices: Range<Int>, _ why: String, _ settle: (Int, DeliveryOutcome) async throws -> Void) async throws {
        for index in indices { try await settle(index, .retry(why)) }
    }
}
