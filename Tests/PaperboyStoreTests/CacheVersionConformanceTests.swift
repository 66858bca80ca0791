import Foundation
import PaperboyCore
import PaperboyStore
import Testing

/// What page caches follow: every instance compares these versions, so every write a page
/// shows must move one of them.
@Suite("Cache versions: what a page shows moves a version")
struct CacheVersionConformanceTests {
    @Test(arguments: StoreKind.allCases)
    func votesCommentsAndPapersMoveAVersion(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let store = c.store
        var papers = try await store.version(), discussion = try await store.discussionVersion()

        _ = try await store.setVote(userID: c.ada.id, paperID: Fixtures.bert.id, up: true, now: Community.t0)
        #expect(try await store.discussionVersion() != discussion, "a vote moves the discussion version")
        discussion = try await store.discussionVersion()
        _ = try await store.setVote(userID: c.ada.id, paperID: Fixtures.bert.id, up: false, now: Community.t0)
        #expect(try await store.discussionVersion() != discussion, "withdrawing a vote moves it")
        discussion = try await store.discussionVersion()

        _ = try await store.addComment(NewComment(paperID: Fixtures.bert.id, parentID: nil, authorID: c.bob.id, text: "Nice",
                                                                  html: "<p>Nice</p>", mentions: []),
                                       now: Community.t0)
        #expect(try await store.discussionVersion() != discussion, "a comment moves it")

        var changed = Fixtures.bert
        changed.version = 3
        changed.title = "BERT, revised"
        try await store.upsert([changed])
        #expect(try await store.version() != papers, "a changed paper moves the papers' version")
        papers = try await store.version()
        try await store.upsert([Fixtures.resnet])
        #expect(try await store.version() == papers, "re-importing the same record moves nothing")
    }
}
