import Foundation
import Testing
import PaperboyCore
import PaperboyStore

/// `paperboy copy-db`: a hub with rows in every table moves from one backend to the other and
/// back, row for row, and works there.
@Suite("copy-db: every table, either way")
struct CopyConformanceTests {
    let t0 = Community.t0

    /// Source and destination kinds: both directions when a PostgreSQL server is there.
    static let pairs: [(StoreKind, StoreKind)] = [(.sqliteFile, .sqliteInMemory)]
        + (StoreKind.postgresURL == nil ? [] : [(.sqliteFile, .postgres), (.postgres, .sqliteFile)])

    /// A hub with at least one row in every table `copy-db` moves.
    func filledHub(_ kind: StoreKind) async throws -> any HubStore {
        let store = try await kind.open(as: (any HubStore).self)
        let f = Fixtures.self
        try await store.upsert(f.all, checkpoint: Checkpoint(source: "oai", token: "resume-1"))
        try await store.delete(ids: [f.quantum.id], checkpoint: nil)
        try await store.saveEmbeddings(model: "m1", precision: "f32", [(f.attention.id, [0.6, 0.8]), (f.bert.id, [1, 0])])
        let ada = try await store.createUser(Accounts.newUser("ada"))
        let bob = try await store.createUser(Accounts.newUser("bob"))
        let cy = try await store.createUser(Accounts.newUser("cy"))
        try await store.setBanned(userID: cy.id, at: t0)
        try await store.setNotifyByMail(userID: ada.id, true)
        try await store.createSession(Accounts.session("ada's session", ada))
        _ = try await store.createAPIToken(userID: bob.id, name: "laptop", secretHash: "bob's token", now: t0)
        try await store.createOneTimeToken(secretHash: "ada's link", userID: ada.id, purpose: .changeEmail,
                                           payload: "ada@new.example", expiresAt: t0.addingTimeInterval(3600))
        for (user, paper) in [(ada, f.bert), (bob, f.bert), (ada, f.attention)] {
            _ = try await store.setVote(userID: user.id, paperID: paper.id, up: true, now: t0)
        }
        _ = try await store.submit(paperID: f.café.id, userID: ada.id, now: t0)
        let reading = try await store.createCollection(ownerID: ada.id, name: "Reading", description: "This week", isPublic: true, now: t0)
        try await store.addPaper(f.bert.id, toCollection: reading.id, ownerID: ada.id, now: t0)
        try await store.addPaper(f.attention.id, toCollection: reading.id, ownerID: ada.id, now: t0)
        try await store.setNote("Read §3 first", paper: f.bert.id, collection: reading.id, ownerID: ada.id, now: t0)
        _ = try await store.correctLinks(paperID: f.resnet.id, repository: "https://github.com/KaimingHe/deep-residual-networks",
                                         projectPage: nil, userID: bob.id, now: t0)
        try await store.setInterest(userID: ada.id, paperID: f.bert.id, interested: true, now: t0)
        try await store.setInterestCategories(userID: ada.id, ["cs.CL", "cs.LG"])
        let root = try await store.addComment(NewComment(paperID: f.bert.id, parentID: nil, authorID: ada.id, text: "Is Table 2 right?",
                                                         html: "<p>Is Table 2 right?</p>", mentions: []), now: t0).comment
        let reply = try await store.addComment(NewComment(paperID: f.bert.id, parentID: root.id, authorID: bob.id, text: "Yes, @ada",
                                                          html: "<p>Yes, @ada</p>", mentions: ["ada"]), now: t0).comment
        _ = try await store.editComment(id: root.id, authorID: ada.id, text: "Is Table 3 right?", html: "<p>Is Table 3 right?</p>", now: t0)
        try await store.report(.comment(reply.id), reporterID: cy.id, reason: "rude", now: t0)
        try await store.audit(moderatorID: ada.id, action: "ban", target: "user:cy", detail: "spam", now: t0)
        _ = try await store.enqueue(OutgoingMail(to: "bob@example.org", subject: "Welcome", text: "Hi\n", html: "<p>Hi</p>"), now: t0)
        let subscription = try await store.createSubscription(NewSubscription(email: "ada@example.org", confirmed: true), token: "sub", now: t0)
        let edition = DigestEdition(subscriptionID: subscription.id, key: "2017-06-13", first: Day("2017-06-13")!, last: Day("2017-06-13")!,
                                    paperIDs: [f.attention.id])
        _ = try await store.claimEdition(edition, mail: OutgoingMail(to: "ada@example.org", subject: "Digest", text: "t", html: "<p>h</p>"), now: t0)
        try await store.suppress(address: "Gone@Example.org", reason: "bounced", now: t0)
        _ = try await store.acquireLease("harvest", owner: "instance A", now: t0, duration: 60)
        try await store.releaseLease("harvest", owner: "instance A", finishedRun: "2017-06-13")
        try await store.updateThrottle("signIn", key: "ip:192.0.2.1") { _ in
            ThrottleEntry(failures: [self.t0, self.t0.addingTimeInterval(1.5)], blockedUntil: self.t0.addingTimeInterval(60),
                          expires: self.t0.addingTimeInterval(900))
        }
        return store
    }

    /// Every row of `table` in `store`, read as the copy reads them.
    func rows(_ table: CopiedTable, _ store: any CopyableStore, matching other: any CopyableStore) async throws -> [[CopyValue]] {
        let (columns, _) = try await StoreCopier(from: store, to: other).matchedColumns(table)
        return try await store.copyRows(of: table, columns: columns, after: nil, limit: 1_000)
    }

    /// The same rows, times within a millisecond: SQLite keeps milliseconds, PostgreSQL microseconds.
    func same(_ a: [[CopyValue]], _ b: [[CopyValue]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            x.count == y.count && zip(x, y).allSatisfy { u, v in
                if case .time(let s) = u, case .time(let t) = v { return abs(s.timeIntervalSince(t)) < 0.001 }
                return u == v
            }
        }
    }

    @Test(arguments: StoreKind.allCases)
    func everyTableIsCopiedOrDerivedAndTheFilledHubUsesEachCopiedOne(kind: StoreKind) async throws {
        let store = try await filledHub(kind)
        let known = Set(StoreCopier.tables.map { $0.name.lowercased() }).union(StoreCopier.derivedTables).union(["account"])
        let unknown = try await store.copyTableNames().subtracting(known)
        #expect(unknown.isEmpty, "add these tables to StoreCopier.tables or derivedTables: \(unknown.sorted())")
        for table in StoreCopier.tables {
            #expect(try await store.copyCount(of: table) > 0, "the filled hub has no row in \(table)")
        }
    }

    @Test(arguments: pairs)
    func copiesEveryRowAndTheCopyWorks(from: StoreKind, to: StoreKind) async throws {
        let source = try await filledHub(from)
        let destination = try await to.open(as: (any HubStore).self)
        let counts = try await StoreCopier(from: source, to: destination).run()
        #expect(counts.map(\.table) == StoreCopier.tables.map(\.name))
        #expect(counts.allSatisfy { $0.source == $0.destination && $0.source > 0 })
        for table in StoreCopier.tables {
            let (original, copied) = (try await rows(table, source, matching: destination), try await rows(table, destination, matching: source))
            #expect(same(original, copied), "rows of \(table): \(original) became \(copied)")
        }

        // What the rows mean carries over: sign-in, counts, threads, search, vectors, leases.
        let f = Fixtures.self
        let signedIn = try await destination.session(secretHash: "ada's session", now: t0)
        #expect(signedIn?.user.username == "ada")
        #expect(try await destination.user(apiTokenHash: "bob's token", now: t0)?.username == "bob")
        #expect(try await destination.activity(paperIDs: [f.bert.id])[f.bert.id]?.localVotes == 2)
        let thread = try await destination.comments(paperID: f.bert.id)
        #expect(thread.map(\.text) == ["Is Table 3 right?", "Yes, @ada"] && thread[1].parentID == thread[0].id)
        #expect(try await destination.revisions(commentID: thread[0].id).map(\.text) == ["Is Table 2 right?"])
        #expect(try await destination.search(SearchRequest(query: "residual")).hits.map(\.paper.id) == [f.resnet.id])
        #expect(try await destination.search(SearchRequest(query: "quantum")).hits.isEmpty, "a deleted paper stays out of search")
        #expect(try await destination.embeddings(model: "m1").map(\.id).sorted() == [f.attention.id, f.bert.id].sorted())
        #expect(try await destination.finishedRun("harvest") == "2017-06-13")
        #expect(try await destination.checkpoint(source: "oai")?.token == "resume-1")
        #expect(try await destination.sentPapers(subscriptionID: 1) == [f.attention.id])

        // New rows get new ids after the copied ones.
        let dee = try await destination.createUser(Accounts.newUser("dee"))
        #expect(dee.id > (signedIn?.user.id ?? .max))
        let later = try await destination.addComment(NewComment(paperID: f.bert.id, parentID: nil, authorID: dee.id, text: "Late",
                                                                html: "<p>Late</p>", mentions: []), now: t0)
        #expect(later.comment.id > thread[1].id)
        _ = try await destination.upsert([Paper(id: "2501.00001", title: "A new paper", abstract: "About residual streams.",
                                                authors: [Author(name: "Dee")], categories: ["cs.LG"])])
        #expect(try await destination.search(SearchRequest(query: "residual")).hits.count == 2)
        try await destination.saveEmbeddings(model: "m1", precision: "f32", [("2501.00001", [0, 1])])
        let (vectors, _) = try await destination.embeddings(model: "m1", savedAfter: 1)
        #expect(vectors.map(\.id) == ["2501.00001"], "a new batch follows the copied ones")
    }

    @Test(arguments: pairs)
    func runningItAgainUpdatesWhatChangedAndChecksCounts(from: StoreKind, to: StoreKind) async throws {
        let source = try await filledHub(from)
        let destination = try await to.open(as: (any HubStore).self)
        _ = try await StoreCopier(from: source, to: destination).run()
        let root = try #require(try await source.comments(paperID: Fixtures.bert.id).first)
        _ = try await source.editComment(id: root.id, authorID: root.authorID ?? 0, text: "Table 4, then", html: "<p>Table 4, then</p>", now: t0)
        _ = try await source.setVote(userID: root.authorID ?? 0, paperID: Fixtures.resnet.id, up: true, now: t0)
        let again = try await StoreCopier(from: source, to: destination).run()
        #expect(again.first { $0.table == "vote" }?.destination == 4)
        #expect(try await destination.comment(id: root.id)?.text == "Table 4, then")
        #expect(try await destination.activity(paperIDs: [Fixtures.bert.id])[Fixtures.bert.id]?.localVotes == 2, "votes are not counted twice")

        // A destination holding rows the source lacks fails the check, naming the table.
        _ = try await destination.createUser(Accounts.newUser("stranger"))
        await #expect {
            try await StoreCopier(from: source, to: destination).run()
        } throws: { error in
            guard case CopyError.countsDiffer(let counts) = error else { return false }
            return counts == [StoreCopier.TableCount(table: "user", source: 3, destination: 4)]
        }
    }
}
