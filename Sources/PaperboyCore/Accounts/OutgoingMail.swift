import Foundation

/// A message to send, as the features that send mail write it: one recipient, a subject and
/// both parts. The `Mail` module turns it into RFC 5322 text (headers, Message-ID, encoding).
public struct OutgoingMail: Sendable, Equatable, Codable {
    public var to: String
    public var subject: String
    public var text: String
    public var html: String
    /// Extra headers (e.g. `List-Unsubscribe`), in order.
    public var headers: [Header]

    public struct Header: Sendable, Equatable, Codable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public init(to: String, subject: String, text: String, html: String, headers: [Header] = []) {
        self.to = to; self.subject = subject; self.text = text; self.html = html; self.headers = headers
    }
}
