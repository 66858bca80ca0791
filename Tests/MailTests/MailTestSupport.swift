import Foundation
import Logging
@testable import Mail
import PaperboyCore
import PaperboyStore

/// A clock the tests move by hand.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

enum MailFixtures {
    static let publicURL = URL(string: "https://papers.example.org")!
    static let logger = Logger(label: "mail-tests")

    static func settings(smtp: String?, folder: String = "data/mail") throws -> MailSettings {
        var settings = try MailSettings(smtpURL: smtp, publicURL: publicURL, folder: folder)
        settings.replyTimeout = .seconds(10)
        settings.connectTimeout = .seconds(5)
        return settings
    }

    /// A sender to the server on `port` (plain SMTP on loopback unless `query` says otherwise).
    static func service(_ store: any MailStore, port: Int, scheme: String = "smtp", query: String = "starttls=never", user: String = "",
                        clock: TestClock, configure: (inout MailSettings) -> Void = { _ in }) throws -> OutboxService {
        var settings = try settings(smtp: "\(scheme)://\(user)127.0.0.1:\(port)?\(query)")
        configure(&settings)
        return OutboxService(store: store, transport: makeTransport(settings, logger: logger), settings: settings,
                             logger: logger, clock: { clock.now })
    }

    static func mail(_ n: Int = 1, to: String = "reader@example.org") -> OutgoingMail {
        OutgoingMail(to: to, subject: "Your digest \(n)", text: "Hello \(n)\n", html: "<p>Hello \(n)</p>")
    }
}

/// Small decoders for what the composer writes, to read its output back in tests.
enum MIME {
    /// Quoted-printable to bytes (soft breaks removed).
    static func decodeQuotedPrintable(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count, bytes[i + 1] == 13, bytes[i + 2] == 10 {
                i += 3
            } else if bytes[i] == UInt8(ascii: "="), i + 2 < bytes.count,
                      let value = UInt8(String(decoding: bytes[(i + 1)...(i + 2)], as: UTF8.self), radix: 16) {
                out.append(value)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// A header's value, unfolded, with `=?UTF-8?B?…?=` words decoded (white space between
    /// adjacent encoded words dropped, as RFC 2047 §6.2 says).
    static func headerValue(_ message: String, _ name: String) -> String? {
        let head = message.components(separatedBy: "\r\n\r\n").first ?? ""
        let unfolded = head.replacingOccurrences(of: "\r\n ", with: "\u{0}")
        guard let line = unfolded.components(separatedBy: "\r\n").first(where: { $0.lowercased().hasPrefix(name.lowercased() + ":") }) else { return nil }
        let raw = String(line.dropFirst(name.count + 1)).replacingOccurrences(of: "\u{0}", with: " ")
        let words = raw.split(separator: " ", omittingEmptySubsequences: false).dropFirst()
        var out = ""
        var previousEncoded = false
        for word in words {
            if word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?="),
               let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) {
                out += String(decoding: data, as: UTF8.self)
                previousEncoded = true
            } else {
                out += (out.isEmpty && !previousEncoded ? "" : " ") + word
                previousEncoded = false
            }
        }
        return out
    }

    /// The parts of a multipart message: (headers, body) each.
    static func parts(_ message: String, boundary: String) -> [(headers: String, body: String)] {
        message.components(separatedBy: "--\(boundary)").dropFirst().dropLast().map { chunk in
            // "\r\n" is one Character in Swift: trim by bytes.
            let trimmed = chunk.hasPrefix("\r\n") ? String(decoding: chunk.utf8.dropFirst(2), as: UTF8.self) : chunk
            let split = trimmed.components(separatedBy: "\r\n\r\n")
            let body = split.dropFirst().joined(separator: "\r\n\r\n")
            return (split.first ?? "", body.hasSuffix("\r\n") ? String(decoding: body.utf8.dropLast(2), as: UTF8.self) : body)
        }
    }

    static func lines(_ message: [UInt8]) -> [ArraySlice<UInt8>] {
        message.split(separator: 10, omittingEmptySubsequences: false).dropLast().map { $0 }
    }
}
