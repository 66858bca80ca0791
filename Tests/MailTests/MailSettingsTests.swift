import Foundation
import Logging
import Testing
@testable import Mail
import PaperboyStore

@Suite("Mail settings: SMTP URLs, defaults, backoff, links")
struct MailSettingsTests {
    @Test func smtpURLWithEverything() throws {
        let server = try SMTPServer(url: "smtp://me%40example.org:p%3Ass@mail.example.org:587?starttls=opportunistic&auth=login&cafile=/etc/ca.pem")
        #expect(server == SMTPServer(host: "mail.example.org", port: 587, security: .startTLSOpportunistic, username: "me@example.org",
                                     password: "p:ss", authMechanism: .login, trustRoots: "/etc/ca.pem"))
        #expect(server.description == "smtp://me@example.org@mail.example.org:587")
    }

    @Test func defaultsPerScheme() throws {
        #expect(try SMTPServer(url: "smtp://relay.local") == SMTPServer(host: "relay.local", port: 25, security: .startTLSRequired))
        #expect(try SMTPServer(url: "smtps://u:p@mail.example.org") == SMTPServer(host: "mail.example.org", port: 465, security: .implicitTLS, username: "u", password: "p"))
        #expect(try SMTPServer(url: "smtp://[::1]:2525?starttls=never") == SMTPServer(host: "::1", port: 2525, security: .plain))
        #expect(try SMTPServer(url: "smtp://127.0.0.1").tlsServerName == nil)
        #expect(try SMTPServer(url: "smtp://mail.example.org").tlsServerName == "mail.example.org")
    }

    @Test(arguments: [
        ("http://mail.example.org", "scheme 'http' is not smtp or smtps"),
        ("smtp://", "has no host"),
        ("smtp://h?starttls=maybe", "starttls=maybe: expected required, opportunistic or never"),
        ("smtps://h?starttls=required", "starttls= is for smtp:// only"),
        ("smtp://h?auth=cram-md5", "auth=cram-md5: expected plain or login"),
        ("smtp://h?tls=1", "unknown SMTP URL parameter 'tls'"),
        ("smtp://u@h", "a user without a password"),
        ("smtp://h/path", "has a path"),
        ("smtp://h:0", "port 0 is out of range"),
        ("not a url at all", "is not"),
    ])
    func badURLsSayWhatIsWrong(url: String, message: String) {
        let error = #expect(throws: MailConfigError.self) { try SMTPServer(url: url) }
        #expect(error?.description.contains(message) == true, "\(error.map(String.init(describing:)) ?? "no error")")
    }

    @Test func withoutSMTPMailGoesToAFolderFromThePublicHost() throws {
        let settings = try MailSettings(smtpURL: nil, publicURL: URL(string: "https://papers.example.org/hub")!)
        #expect(settings.smtp == nil)
        #expect(settings.from == "paperboy@papers.example.org")
        #expect(settings.messageIDDomain == "papers.example.org")
        #expect(makeTransport(settings, logger: Logger(label: "t")) is FolderTransport)
        #expect(try MailSettings(smtpURL: "", publicURL: URL(string: "http://127.0.0.1:8080")!).from == "paperboy@localhost")
        #expect(makeTransport(try MailSettings(smtpURL: "smtp://h", publicURL: MailFixtures.publicURL), logger: Logger(label: "t")) is SMTPTransport)
        #expect(throws: MailConfigError.self) { try MailSettings(smtpURL: nil, publicURL: MailFixtures.publicURL, from: "not an address") }
    }

    @Test func backoffDoublesUpToTheMaximum() {
        let policy = RetryPolicy(first: 60, maximum: 3600, attempts: 5)
        #expect((1...8).map(policy.delay(after:)) == [60, 120, 240, 480, 960, 1920, 3600, 3600])
        #expect(policy.delay(after: 10_000) == 3600)
    }

    @Test func linksStartWithThePublicURL() throws {
        let store = try SQLiteStore.inMemory()
        let mailer = Mailer(store: store, settings: try MailSettings(smtpURL: nil, publicURL: URL(string: "https://papers.example.org/hub/")!))
        #expect(mailer.link("/verify?t=abc") == "https://papers.example.org/hub/verify?t=abc")
        #expect(mailer.link("digest") == "https://papers.example.org/hub/digest")
    }

    @Test func mailerRefusesWhatCouldNeverBeSent() async throws {
        let store = try SQLiteStore.inMemory()
        let mailer = Mailer(store: store, settings: try MailSettings(smtpURL: nil, publicURL: MailFixtures.publicURL))
        await #expect(throws: ComposeError.self) { try await mailer.send(MailFixtures.mail(to: "bad address@x.org")) }
        try await mailer.send(MailFixtures.mail())
        #expect(try await store.outboxCounts() == [.pending: 1])
    }
}
