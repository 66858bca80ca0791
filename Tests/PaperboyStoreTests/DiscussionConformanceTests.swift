import Foundation
import Testing
import PaperboyCore
import PaperboyStore

@Suite("CommunityStore conformance: discussion and moderation")
struct DiscussionConformanceTests {
    let bert = Fixtures.bert.id, resnet = Fixtures.resnet.id
    let t0 = Community.t0, t1 = Community.t0.addingTimeInterval(60), t2 = Community.t0.addingTimeInterval(120)

    func new(_ c: Community, _ author: User, _ text: String, paper: String? = nil, parent: Int64? = nil, mentions: [String] = []) -> NewComment {
        NewComment(paperID: paper ?? bert, parentID: parent, authorID: author.id, text: text, html: "<p>\(text)</p>", mentions: mentions)
    }

    @Test(arguments: StoreKind.allCases)
    func repliesThreadAndNotifyTheirParentsAuthorAndTheMentioned(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let v0 = try await c.store.discussionVersion()
        let root = try await c.store.addComment(new(c, c.ada, "Is Table 2 right?"), now: t0).comment
        #expect(root.authorName == "ada" && root.paperID == bert && root.parentID == nil && root.html == "<p>Is Table 2 right?</p>")
        #expect(try await c.store.discussionVersion() != v0)
        let posted = try await c.store.addComment(new(c, c.bob, "Yes, see @cy and @ADA", parent: root.id, mentions: ["cy", "ADA", "nobody"]), now: t1)
        #expect(posted.notified == [.init(userID: c.ada.id, kind: .reply), .init(userID: c.cy.id, kind: .mention)])
        let reply = posted.comment
        #expect(reply.parentID == root.id)
        // Ada: one notice (a reply, which also mentions her); Cy: a mention; Bob wrote it: none.
        #expect(try await c.store.notices(userID: c.ada.id, limit: 10).map(\.kind) == [.reply])
        #expect(try await c.store.notices(userID: c.cy.id, limit: 10).map(\.kind) == [.mention])
        #expect(try await c.store.notices(userID: c.bob.id, limit: 10).isEmpty)
        let notice = try #require(try await c.store.notices(userID: c.ada.id, limit: 10).first)
        #expect(notice.actorName == "bob" && notice.commentID == reply.id && notice.paperID == bert && notice.readAt == nil)
        #expect(try await c.store.unreadNoticeCount(userID: c.ada.id) == 1)
        try await c.store.markNoticesRead(userID: c.ada.id, now: t2)
        #expect(try await c.store.unreadNoticeCount(userID: c.ada.id) == 0)
        #expect(try await c.store.notices(userID: c.ada.id, limit: 10).first?.readAt == t2)

        #expect(try await c.store.comments(paperID: bert).map(\.id) == [root.id, reply.id])
        #expect(try await c.store.activity(paperIDs: [bert])[bert]?.comments == 2)
        #expect(try await c.store.commentCount(authorID: c.bob.id, since: t0) == 1)
        #expect(try await c.store.commentCount(authorID: c.bob.id, since: t2) == 0)

        await #expect(throws: CommunityError.parentOnAnotherPaper) {
            try await c.store.addComment(new(c, c.cy, "Wrong place", paper: resnet, parent: root.id), now: t1)
        }
        await #expect(throws: CommunityError.noSuchComment) {
            try await c.store.addComment(new(c, c.cy, "Orphan", parent: 987_654), now: t1)
        }
        await #expect(throws: CommunityError.noSuchPaper("2401.99999")) {
            try await c.store.addComment(new(c, c.cy, "Nothing", paper: "2401.99999"), now: t1)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func editsKeepHistoryAndDeletesLeaveATombstone(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let root = try await c.store.addComment(new(c, c.ada, "First take"), now: t0).comment
        let reply = try await c.store.addComment(new(c, c.bob, "Agreed", parent: root.id), now: t0).comment
        await #expect(throws: CommunityError.noSuchComment) {
            try await c.store.editComment(id: root.id, authorID: c.bob.id, text: "Hijacked", html: "<p>Hijacked</p>", now: t1)
        }
        let edited = try await c.store.editComment(id: root.id, authorID: c.ada.id, text: "Second take", html: "<p>Second take</p>", now: t1)
        #expect(edited.text == "Second take" && edited.editedAt == t1)
        _ = try await c.store.editComment(id: root.id, authorID: c.ada.id, text: "Third take", html: "<p>Third take</p>", now: t2)
        #expect(try await c.store.revisions(commentID: root.id).map(\.text) == ["Second take", "First take"])
        #expect(try await c.store.revisions(commentID: root.id).first?.replacedAt == t2)

        await #expect(throws: CommunityError.noSuchComment) { try await c.store.deleteComment(id: root.id, authorID: c.bob.id, now: t2) }
        try await c.store.deleteComment(id: root.id, authorID: c.ada.id, now: t2)
        let tombstone = try #require(try await c.store.comment(id: root.id))
        #expect(tombstone.text.isEmpty && tombstone.html.isEmpty && tombstone.deletedAt == t2 && tombstone.authorName == nil)
        #expect(try await c.store.revisions(commentID: root.id).isEmpty, "deleting takes the history too")
        #expect(try await c.store.comments(paperID: bert).map(\.id) == [root.id, reply.id], "the reply keeps its place")
        #expect(try await c.store.activity(paperIDs: [bert])[bert]?.comments == 1)
        await #expect(throws: CommunityError.noSuchComment) {
            try await c.store.editComment(id: root.id, authorID: c.ada.id, text: "Back", html: "<p>Back</p>", now: t2)
        }
        // A deleted account's comments become tombstones too.
        try await c.store.deleteUser(id: c.bob.id)
        let gone = try #require(try await c.store.comment(id: reply.id))
        #expect(gone.text.isEmpty && gone.deletedAt != nil && gone.authorName == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func moderatorsHideResolveAndEverythingIsAudited(kind: StoreKind) async throws {
        let c = try await Community(kind)
        let spam = try await c.store.addComment(new(c, c.bob, "Buy now"), now: t0).comment
        try await c.store.report(.comment(spam.id), reporterID: c.ada.id, reason: "spam", now: t0)
        try await c.store.report(.paper(resnet), reporterID: c.cy.id, reason: "not a paper", now: t1)
        await #expect(throws: CommunityError.noSuchComment) { try await c.store.report(.comment(987_654), reporterID: c.ada.id, reason: "x", now: t1) }
        let open = try await c.store.openReports(limit: 10)
        #expect(open.map(\.target) == [.comment(spam.id), .paper(resnet)])
        #expect(open.map(\.reporterName) == ["ada", "cy"])

        #expect(try await c.store.setCommentHidden(id: spam.id, hidden: true, moderatorID: c.cy.id, reason: "spam", now: t1))
        #expect(try await c.store.comment(id: spam.id)?.hiddenAt == t1)
        #expect(try await c.store.activity(paperIDs: [bert])[bert] == nil, "hidden comments are not counted")
        #expect(try await c.store.resolveReport(id: open[0].id, moderatorID: c.cy.id, note: "hidden", now: t1))
        #expect(try await !c.store.resolveReport(id: open[0].id, moderatorID: c.cy.id, note: "again", now: t2))
        #expect(try await c.store.openReports(limit: 10).map(\.target) == [.paper(resnet)])
        #expect(try await c.store.setCommentHidden(id: spam.id, hidden: false, moderatorID: c.cy.id, reason: "appeal", now: t2))
        #expect(try await !c.store.setCommentHidden(id: 987_654, hidden: true, moderatorID: c.cy.id, reason: "", now: t2))
        try await c.store.audit(moderatorID: c.cy.id, action: "ban user", target: "user bob", detail: "spam", now: t2)
        let log = try await c.store.auditLog(limit: 10)
        #expect(log.map(\.action) == ["ban user", "restore comment", "resolve report", "hide comment"])
        #expect(log.allSatisfy { $0.moderatorName == "cy" })
        #expect(log.last?.target == "comment \(spam.id)" && log.last?.detail == "spam")
    }

    @Test(arguments: StoreKind.allCases)
    func aBanEndsSessionsAndTokens(kind: StoreKind) async throws {
        let c = try await Community(kind)
        try await c.store.createSession(Accounts.session("s-bob", c.bob))
        _ = try await c.store.createAPIToken(userID: c.bob.id, name: "cli", secretHash: "t-bob", now: t0)
        try await c.store.createSession(Accounts.session("s-ada", c.ada))
        try await c.store.setBanned(userID: c.bob.id, at: t1)
        #expect(try await c.store.user(id: c.bob.id)?.bannedAt == t1)
        #expect(try await c.store.session(secretHash: "s-bob", now: t0) == nil)
        #expect(try await c.store.user(apiTokenHash: "t-bob", now: t0) == nil)
        #expect(try await c.store.session(secretHash: "s-ada", now: t0) != nil, "others stay signed in")
        try await c.store.setBanned(userID: c.bob.id, at: nil)
        #expect(try await c.store.user(id: c.bob.id)?.bannedAt == nil)
        try await c.store.setNotifyByMail(userID: c.ada.id, true)
        #expect(try await c.store.user(id: c.ada.id)?.notifyByMail == true)
        await #expect(throws: AccountError.noSuchUser) { try await c.store.setBanned(userID: Accounts.nobody, at: t1) }
    }
}
