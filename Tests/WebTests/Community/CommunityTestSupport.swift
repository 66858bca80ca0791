import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// People, tokens and JSON reading the community route tests share.
enum Community {
    /// A signed-in browser for a new verified user.
    static func signedIn(_ client: any TestClientProtocol, _ store: any HubStore, _ name: String, role: Role = .user) async throws -> TestBrowser {
        _ = try await AccountFlowTests.addUser(store, name, role: role)
        var browser = TestBrowser(client)
        let response = try await AccountFlowTests.signIn(&browser, name)
        #expect(response.status == .seeOther, "\(name) signs in")
        return browser
    }

    /// An API token for an existing user, as `Authorization` headers.
    static func bearer(_ store: any HubStore, _ name: String) async throws -> HTTPFields {
        let admin = try AccountAdmin(accounts: store, outbox: store, publicURL: Fixture.config.publicURL, bcryptCost: 4)
        return [.authorization: "Bearer \(try await admin.createToken(username: name, name: "test").secret)"]
    }

    static func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
    }

    /// The vote button of paper `id` in a page: its count and whether it shows as pressed.
    static func button(_ id: String, in html: String) -> (count: Int, pressed: Bool)? {
        guard let form = html.range(of: "action=\"/papers/\(id)/upvote\"") else { return nil }
        let rest = html[form.upperBound...]
        guard let end = rest.range(of: "</form>") else { return nil }
        let button = rest[..<end.lowerBound]
        guard let count = button.range(of: "<span class=\"count\">") else { return nil }
        return (Int(button[count.upperBound...].prefix { $0.isNumber }) ?? -1, button.contains("aria-pressed=\"true\""))
    }
}
