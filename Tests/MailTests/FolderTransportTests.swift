import Foundation
import Testing
@testable import Mail
import PaperboyCore
import PaperboyStore

@Suite("Without SMTP: mail written to a folder")
struct FolderTransportTests {
    @Test func writesEachMessageOnceAsEml() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-mail-\(UUID().uuidString)")
        let clock = TestClock()
        let store = try SQLiteStore.inMemory()
        let settings = try MailFixtures.settings(smtp: nil, folder: folder.path)
        let service = OutboxService(store: store, transport: makeTransport(settings, logger: MailFixtures.logger),
                                    settings: settings, logger: MailFixtures.logger, clock: { clock.now })
        let mail = MailFixtures.mail()
        try await store.enqueue(mail, now: clock.now)
        #expect(try await service.drain().sent == 1)
        #expect(try await service.drain().sent == 0)

        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let message = try #require(try await store.outbox(status: .sent, limit: 1).first)
        #expect(files == ["\(message.token).eml"])
        let written = try String(contentsOf: folder.appendingPathComponent(files[0]), encoding: .utf8)
        #expect(written == (try settings.composer.compose(mail, token: message.token, date: message.createdAt)))
    }
}
