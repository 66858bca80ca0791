import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

/// The community's writes, signed in, with generated paper ids and form values: never a 5xx,
/// and nothing is stored for input that names no paper.
@Suite struct CommunityFuzzTests {
    @Test func generatedWritesNeverGive5xx() async throws {
        let store = try await Fixture.emptyStore()
        _ = try await store.upsert([HardeningTests.paper])
        let config = WebConfig(publicURL: "https://hub.example", cacheTTL: 0, bcryptCost: 4)
        let router = try await buildRouter(config, stores: HubStores(store), logLevel: .critical)
        var g = SeededGenerator(state: 15)
        let values = (0..<800).map { _ in (ValueGenerator.pathValue(&g), ValueGenerator.queryValue(&g), ValueGenerator.raw(&g)) }
        try await Application(router: router).test(.router) { client in
            var ada = try await Community.signedIn(client, store, "ada", role: .moderator)
            let token = try await Community.bearer(store, "ada")
            try await ada.get("/submit")
            for (i, (value, field, typed)) in values.enumerated() {
                let response: TestResponse
                switch i % 10 {
                case 0: response = try await client.execute(uri: "/api/papers/\(value)/upvote", method: .post, headers: token)
                case 1: response = try await client.execute(uri: "/api/papers/\(value)/upvote", method: .delete, headers: token)
                case 2: response = try await ada.post("/papers/\(value)/upvote", [("up", field)])
                case 3: response = try await ada.post("/submit", [("paper", typed)])
                case 4: response = try await ada.post("/collections/save", [("paper", typed), ("collection", field)])
                case 5: response = try await ada.post("/collections/\(value)/papers/move", [("paper", typed), ("position", field)])
                case 7: response = try await ada.post("/papers/\(value)/interest", [("interested", field)])
                case 8: response = try await ada.post("/for-you/categories", [("categories", typed)])
                case 9: response = try await ada.get("/for-you?q=" + field)
                default:
                    // Links of a generated paper id, or of the real one with generated links.
                    let paper = i % 2 == 0 ? value : HardeningTests.paper.id
                    response = try await ada.post("/papers/\(paper)/links", [("repository", typed), ("projectPage", field)])
                }
                #expect(response.status.code < 500, "\(i): \(value.prefix(200)) → \(response.status)")
            }
            // Only the one real paper can have votes or a submission.
            let busy = try await store.activity(paperIDs: [HardeningTests.paper.id, "0", "", "2603.12267v1"])
            #expect(Set(busy.keys).isSubset(of: [HardeningTests.paper.id]))
            // A correction that was accepted holds links in normal form only.
            if let links = try await store.links(paperIDs: [HardeningTests.paper.id])[HardeningTests.paper.id] {
                #expect(links.repository.map { CodeLinks.repository($0.url) == $0 } ?? true)
                #expect(links.projectPage.map { CodeLinks.projectPage($0) == $0 } ?? true)
            }
        }
    }
}
