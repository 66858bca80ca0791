import Foundation
import Logging

/// Without an SMTP server: each message becomes `<Message-ID left part>.eml` in `folder`
/// (written whole, then renamed, so a reader never sees half a file) and one log line. A
/// message written again after a crash replaces its own file, so none appears twice.
public struct FolderTransport: MailTransport {
    public var folder: URL
    public var logger: Logger

    public init(folder: URL, logger: Logger) {
        self.folder = folder; self.logger = logger
    }

    public func deliver(_ messages: [Envelope], settle: (Int, DeliveryOutcome) async throws -> Void) async throws {
        for (index, message) in messages.enumerated() { try await settle(index, write(message)) }
    }

    private func write(_ message: Envelope) -> DeliveryOutcome {
        let name = message.messageID.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
            .split(separator: "@").first.map(String.init) ?? "message"
        let file = folder.appendingPathComponent("\(name).eml")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(message.data).write(to: file, options: .atomic)
        } catch {
            return .retry("writing \(file.path): \(error)")
        }
        logger.info("mail written to folder (no SMTP server configured)", metadata: [
            "to": "\(message.to.joined(separator: ","))", "subject": "\(message.subject)",
            "message-id": "\(message.messageID)", "file": "\(file.path)",
        ])
        return .sent
    }
}
