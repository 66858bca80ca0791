import Foundation
import NIOCore
import Testing
@testable import Mail
import PaperboyCore

@Suite("MessageComposer: RFC 5322 text")
struct MessageComposerTests {
    let composer = MessageComposer(from: "paperboy@papers.example.org", fromName: "Paperboy", domain: "papers.example.org")
    let date = Date(timeIntervalSince1970: 1_796_115_903)            // Tue, 01 Dec 2026 09:05:03 UTC
    let token = "3f2a9c4e-0000-4b1d-9e2f-1234567890ab"

    func compose(_ mail: OutgoingMail) throws -> String { try composer.compose(mail, token: token, date: date) }

    @Test func headersDateMessageIDAndAddresses() throws {
        let text = try compose(OutgoingMail(to: "reader@example.org", subject: "Today's papers", text: "hi", html: "<p>hi</p>",
                                            headers: [.init("List-Unsubscribe", "<https://papers.example.org/unsubscribe?t=abc>")]))
        #expect(MIME.headerValue(text, "Date") == "Tue, 01 Dec 2026 09:05:03 +0000")
        #expect(MIME.headerValue(text, "Message-ID") == "<\(token)@papers.example.org>")
        #expect(MIME.headerValue(text, "From") == "\"Paperboy\" <paperboy@papers.example.org>")
        #expect(MIME.headerValue(text, "To") == "reader@example.org")
        #expect(MIME.headerValue(text, "Subject") == "Today's papers")
        #expect(MIME.headerValue(text, "MIME-Version") == "1.0")
        #expect(MIME.headerValue(text, "List-Unsubscribe") == "<https://papers.example.org/unsubscribe?t=abc>")
        // The same message, token and date give the same bytes (a retry is identical)…
        #expect(try compose(OutgoingMail(to: "reader@example.org", subject: "Today's papers", text: "hi", html: "<p>hi</p>",
                                         headers: [.init("List-Unsubscribe", "<https://papers.example.org/unsubscribe?t=abc>")])) == text)
        // …and another token another Message-ID.
        let other = try composer.compose(OutgoingMail(to: "reader@example.org", subject: "x", text: "", html: ""), token: "other-1", date: date)
        #expect(MIME.headerValue(other, "Message-ID") == "<other-1@papers.example.org>")
    }

    @Test func nonASCIISubjectIsEncodedInWholeCharactersAndFolded() throws {
        let subject = "Résumé des articles du jour — 日本語の論文とemoji 👩‍🔬 " + String(repeating: "très long ", count: 8)
        let text = try compose(OutgoingMail(to: "r@example.org", subject: subject, text: "", html: ""))
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        let subjectLines = head.components(separatedBy: "\r\n").drop { !$0.hasPrefix("Subject:") }.prefix { $0.hasPrefix("Subject:") || $0.hasPrefix(" ") }
        #expect(subjectLines.count > 2, "a long subject is folded over several lines")
        #expect(subjectLines.allSatisfy { $0.utf8.count <= 78 })
        #expect(subjectLines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
        #expect(MIME.headerValue(text, "Subject") == subject)
        // Every encoded word decodes on its own (no character split across two words).
        for word in subjectLines.joined().split(separator: " ") where word.hasPrefix("=?") {
            let data = try #require(Data(base64Encoded: String(word.dropFirst(10).dropLast(2))))
            #expect(String(data: data, encoding: .utf8) != nil, "\(word) holds whole characters")
        }
    }

    @Test func longASCIISubjectIsFoldedAtSpaces() throws {
        let subject = (1...30).map { "word\($0)" }.joined(separator: " ")
        let text = try compose(OutgoingMail(to: "r@example.org", subject: subject, text: "", html: ""))
        #expect(!text.contains("=?UTF-8"))
        #expect(text.contains("\r\n word"))
        #expect(MIME.headerValue(text, "Subject") == subject)
    }

    @Test func aLongURLInAStructuredHeaderStaysWholeAndUnencoded() throws {
        let url = "<https://papers.example.org/unsubscribe?token=" + String(repeating: "0123456789", count: 15) + ">"
        let text = try compose(OutgoingMail(to: "r@example.org", subject: "s", text: "", html: "",
                                            headers: [.init("List-Unsubscribe", url), .init("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]))
        #expect(text.contains("\r\nList-Unsubscribe: \(url)\r\n"), "one line of \(url.count + 18) characters, within 998")
        #expect(MIME.headerValue(text, "List-Unsubscribe") == url)
        #expect(MIME.headerValue(text, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click")
    }

    @Test func everyLineEndsInCRLFAndStaysShort() throws {
        let long = String(repeating: "abcdefghij ", count: 300)            // 3,300 characters, one line
        let body = "first\nsecond\r\nthird\rtrailing space \n.leading dot\n\(long)\nnon-ASCII: ünïcödé 🧪 = sign\n"
        let message = Array(try compose(OutgoingMail(to: "r@example.org", subject: "s", text: body, html: "<p>\(long)</p>")).utf8)
        #expect(message.suffix(2) == [13, 10])
        for (index, byte) in message.enumerated() where byte == 10 {
            #expect(index > 0 && message[index - 1] == 13, "LF at \(index) without CR")
        }
        for (index, byte) in message.enumerated() where byte == 13 {
            #expect(index + 1 < message.count && message[index + 1] == 10, "CR at \(index) without LF")
        }
        #expect(MIME.lines(message).allSatisfy { $0.count <= 78 + 1 }, "no line over 78 characters plus CR")
        #expect(message.allSatisfy { $0 < 128 }, "the message is ASCII")
    }

    @Test func multipartAlternativeWithBothPartsDecodable() throws {
        let textPart = "Hello Zoë,\n\n.a line starting with a dot\nA = B  \nend"
        let htmlPart = "<p>Hello Zoë</p>\n<p>" + String(repeating: "x", count: 200) + "</p>"
        let message = try compose(OutgoingMail(to: "r@example.org", subject: "s", text: textPart, html: htmlPart))
        let contentType = try #require(MIME.headerValue(message, "Content-Type"))
        #expect(contentType == "multipart/alternative; boundary=\"=_paperboy_\(token)\"")
        let parts = MIME.parts(message, boundary: "=_paperboy_\(token)")
        try #require(parts.count == 2)
        #expect(parts[0].headers == "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable")
        #expect(parts[1].headers == "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable")
        #expect(String(decoding: MIME.decodeQuotedPrintable(parts[0].body), as: UTF8.self) == textPart.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(String(decoding: MIME.decodeQuotedPrintable(parts[1].body), as: UTF8.self) == htmlPart.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(message.hasSuffix("--=_paperboy_\(token)--\r\n"))
        // Trailing white space is encoded: relays strip it when it is literal.
        #expect(parts[0].body.contains("A =3D B =20"))
    }

    @Test func headerInjectionIsRefused() throws {
        let base = OutgoingMail(to: "r@example.org", subject: "s", text: "", html: "")
        var subject = base; subject.subject = "Hi\r\nBcc: victim@example.org"
        #expect(throws: ComposeError.lineBreakInHeader("Subject")) { try compose(subject) }
        var lone = base; lone.subject = "Hi\nBcc: victim@example.org"
        #expect(throws: ComposeError.lineBreakInHeader("Subject")) { try compose(lone) }
        var extra = base; extra.headers = [.init("X-Tag", "a\rb")]
        #expect(throws: ComposeError.lineBreakInHeader("X-Tag")) { try compose(extra) }
        var name = base; name.headers = [.init("X-Bad: injected\r\nBcc", "x")]
        #expect(throws: ComposeError.invalidHeaderName("X-Bad: injected\r\nBcc")) { try compose(name) }
        var reserved = base; reserved.headers = [.init("from", "boss@example.org")]
        #expect(throws: ComposeError.reservedHeader("from")) { try compose(reserved) }
        for to in ["r@example.org\r\nBcc: x@y.org", "r@example.org>, <x@y.org", "Zoë@example.org", "no-at-sign", "a@b@c"] {
            var bad = base; bad.to = to
            #expect(throws: ComposeError.self) { try compose(bad) }
        }
        #expect(throws: ComposeError.invalidToken("../x")) { try composer.compose(base, token: "../x", date: date) }
    }

    @Test func controlCharactersInAHeaderAreEncodedNotSent() throws {
        let text = try compose(OutgoingMail(to: "r@example.org", subject: "tab\there\u{0}", text: "", html: ""))
        #expect(MIME.headerValue(text, "Subject") == "tab\there\u{0}")
        #expect(!text.components(separatedBy: "\r\n\r\n")[0].unicodeScalars.contains { $0.value < 32 && $0 != "\r" && $0 != "\n" })
    }

    @Test func dotStuffingDoublesLeadingDots() {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        SMTPConnection.dotStuff(Array("a\r\n.b\r\n..c\r\n.\r\nd.e\r\n.".utf8), into: &buffer)
        #expect(String(buffer: buffer) == "a\r\n..b\r\n...c\r\n..\r\nd.e\r\n..\r\n")
    }
}
