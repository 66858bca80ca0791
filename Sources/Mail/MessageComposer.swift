import Foundation
import PaperboyCore

/// Why a message cannot be made: never transient, so the outbox fails it for good.
public enum ComposeError: Error, CustomStringConvertible, Equatable {
    case invalidAddress(String)
    case invalidHeaderName(String)
    case lineBreakInHeader(String)
    case reservedHeader(String)
    case invalidToken(String)

    public var description: String {
        switch self {
        case .invalidAddress(let why): return why
        case .invalidHeaderName(let name): return "header name '\(name)' is not 1-76 printable ASCII characters without ':'"
        case .lineBreakInHeader(let name): return "header \(name) contains a CR or LF (refused: it could add header fields)"
        case .reservedHeader(let name): return "header \(name) is set by the composer and cannot be given as an extra header"
        case .invalidToken(let token): return "message token '\(token)' is not letters, digits and '-'"
        }
    }
}

/// RFC 5322 text for an `OutgoingMail`: Date, a unique Message-ID, From, To, Subject (RFC 2047
/// when not ASCII), the extra headers, and a multipart/alternative body with quoted-printable
/// text and HTML parts. All lines end in CRLF and stay within 78 characters, and the output is
/// ASCII, so no relay needs 8BITMIME. The same message, token and date give the same bytes.
public struct MessageComposer: Sendable {
    public var from: String
    public var fromName: String
    /// The right part of Message-IDs.
    public var domain: String

    /// Set by `compose` itself; an extra header cannot replace them.
    static let reserved: Set<String> = ["date", "from", "to", "subject", "message-id", "mime-version",
                                        "content-type", "content-transfer-encoding", "sender", "cc", "bcc"]

    public init(from: String, fromName: String = "", domain: String) {
        self.from = from; self.fromName = fromName; self.domain = domain
    }

    /// `token` is unique per message (the outbox's); `date` is when it was written.
    public func compose(_ mail: OutgoingMail, token: String, date: Date) throws(ComposeError) -> String {
        for address in [mail.to, from] {
            do { try MailAddress.check(address) } catch { throw .invalidAddress(error.description) }
        }
        // It names a file (FolderTransport) and sits in the boundary and Message-ID.
        guard !token.isEmpty, token.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 | 0x20 >= 97 && $0 | 0x20 <= 122) || $0 == 45 }) else {
            throw .invalidToken(token)
        }
        var fields = [
            try HeaderField.render("Date", Self.rfc5322Date(date)),
            HeaderField.fold(name: "From", words: displayName(fromName) + ["<\(from)>"]),
            try HeaderField.render("To", mail.to),
            try HeaderField.render("Subject", mail.subject),
            try HeaderField.render("Message-ID", messageID(token: token)),
            "MIME-Version: 1.0",
        ]
        for header in mail.headers {
            guard !Self.reserved.contains(header.name.lowercased()) else { throw .reservedHeader(header.name) }
            fields.append(try HeaderField.render(header.name, header.value))
        }
        // "=_" cannot occur in quoted-printable text, so the boundary never appears in a part.
        let boundary = "=_paperboy_\(token)"
        fields.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
        let body = [("text/plain", mail.text), ("text/html", mail.html)].map { type, content in
            "--\(boundary)\r\nContent-Type: \(type); charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
                + QuotedPrintable.encode(content) + "\r\n"
        }.joined()
        return fields.joined(separator: "\r\n") + "\r\n\r\n" + body + "--\(boundary)--\r\n"
    }

    public func messageID(token: String) -> String { "<\(token)@\(domain)>" }

    /// A display name as one quoted string when it is plain ASCII, encoded words otherwise
    /// (which also keeps any control character out of the header).
    private func displayName(_ name: String) -> [String] {
        if name.isEmpty { return [] }
        let plain = name.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 && $0 != "\"" && $0 != "\\" }
        return plain ? ["\"\(name)\""] : HeaderField.encodedWords(name)
    }

    /// "Tue, 01 Dec 2026 09:05:03 +0000" (RFC 5322 §3.3), always in UTC.
    static func rfc5322Date(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(days[((c.weekday ?? 1) - 1) % 7]), \(two(c.day)) \(months[((c.month ?? 1) - 1) % 12]) \(c.year ?? 1970) "
            + "\(two(c.hour)):\(two(c.minute)):\(two(c.second)) +0000"
    }
}
