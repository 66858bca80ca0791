import Foundation
import PaperboyStore

/// Reads the mail the hub queued, as a person reads their inbox.
enum Outbox {
    /// The newest link to `path` (with its query) in a text part sent to `address`, if any.
    static func link(in store: any HubStore, to address: String, path: String) async throws -> String? {
        let prefix = Fixture.config.publicURL + path + "?"
        for message in try await store.outbox(status: nil, limit: 1000) where message.mail.to.lowercased() == address.lowercased() {
            guard let start = message.mail.text.range(of: prefix) else { continue }
            return String(message.mail.text[start.lowerBound...].prefix { !$0.isWhitespace })
        }
        return nil
    }
}
