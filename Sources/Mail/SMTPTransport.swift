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

    public func deliver(_ messages: [Envelope]) async -> [DeliveryOutcome] {
        guard !messages.isEmpty else { return [] }
        let connection: SMTPConnection
        do {
            connection = try await SMTPConnection.open(server, heloName: heloName, connectTimeout: connectTimeout, replyTimeout: replyTimeout)
        } catch {
            let why = "\(server.description): \(error)"
            logger.warning("SMTP connection failed", metadata: ["server": "\(server.description)", "error": "\(error)"])
            return messages.map { _ in .retry(why) }
        }
        var outcomes: [DeliveryOutcome] = []
        for message in messages {
            do {
                try await connection.send(from: message.from, to: message.to, data: message.data)
                outcomes.append(.sent)
            } catch let error as SMTPError where error.code != nil {
                // The server said no to this message; the session goes on (RSET before the next).
                outcomes.append(error.isPermanent ? .failed("\(error)") : .retry("\(error)"))
            } catch {
                logger.warning("SMTP session broke off", metadata: ["server": "\(server.description)", "error": "\(error)"])
                outcomes += Array(repeating: .retry("\(error)"), count: messages.count - outcomes.count)
                await connection.close()
                return outcomes
            }
        }
        await connection.quit()
        return outcomes
    }
}
