import Foundation
import GRDB
import PaperboyCore
@testable import PaperboyStore
import Testing

/// Papers whose abstracts and comments name code, as arXiv writes them.
enum LinkFixtures {
    static func paper(_ id: String, _ day: String, abstract: String, comments: String? = nil, categories: [String] = ["cs.CV"],
                      hub: HubInfo? = nil) -> Paper {
        Paper(id: id, title: "Detection \(id)", abstract: abstract, categories: categories,
              published: Fixtures.date(day).addingTimeInterval(-86_400), announced: Day(day), comments: comments, hub: hub)
    }

    /// Code in the abstract (with LaTeX escapes and a full stop).
    static let withRepo = paper("2503.17057", "2025-03-24",
        abstract: "Semi-supervised detection of cervical structures. The code is available at https://github.com/13204942/SSL\\_Cervical\\_Segmentation.")
    /// Code in the comments only, deep in a tree.
    static let inComments = paper("2503.14880", "2025-03-24", abstract: "Optical flow detection at scale.",
        comments: "Accepted at CVPR 2025. The code and dataset are available at https://github.com/hmorimitsu/ptlflow/tree/main/ptlflow/models/dpflow. 24 pages")
    /// A project page and a Hugging Face data set, but no repository: no code.
    static let pageOnly = paper("2503.19707", "2025-03-25",
        abstract: "A detection benchmark (https://huggingface.co/datasets/stogiannidis/srbench). Project page: https://srbench.github.io/.",
        categories: ["cs.CL"])
    /// Nothing.
    static let plain = paper("2503.20001", "2025-03-25", abstract: "Detection without links.")
    /// Hugging Face names a repository the text does not.
    static let fromHub = paper("2503.20002", "2025-03-26", abstract: "Detection with a project page https://a.example.org/p",
                               hub: HubInfo(upvotes: 2, githubRepo: "https://github.com/hub/repo", projectPage: "https://hub.example.org"))

    static let all = [withRepo, inComments, pageOnly, plain, fromHub]
    static let march = DayRange.month(containing: Day("2025-03-01")!)
    static let code = CategoryFilter(withCode: true)
}

@Suite("Links: stored at import, corrected, filtered")
struct LinksConformanceTests {
    typealias Store = any PaperStore & AccountStore & CommunityStore

    func store(_ kind: StoreKind) async throws -> (store: Store, ada: User, mod: User) {
        let store = try await kind.open(as: Store.self)
        try await store.upsert(LinkFixtures.all)
        return (store, try await store.createUser(Accounts.newUser("ada")), try await store.createUser(Accounts.newUser("mod")))
    }

    func ids(_ listing: Listing) -> Set<String> { Set(listing.papers.map(\.paper.id)) }
    func ids(_ results: SearchResults) -> Set<String> { Set(results.hits.map(\.paper.id)) }

    @Test(arguments: StoreKind.allCases)
    func linksAreFoundAtImportHubFirst(kind: StoreKind) async throws {
        let (store, _, _) = try await store(kind)
        let links = try await store.links(paperIDs: LinkFixtures.all.map(\.id) + ["9999.99999"])
        #expect(links == [
            "2503.17057": CodeLinks(github: "https://github.com/13204942/SSL_Cervical_Segmentation"),
            "2503.14880": CodeLinks(github: "https://github.com/hmorimitsu/ptlflow"),
            "2503.19707": CodeLinks(huggingFace: "https://huggingface.co/datasets/stogiannidis/srbench", projectPage: "https://srbench.github.io/"),
            "2503.20002": CodeLinks(github: "https://github.com/hub/repo", projectPage: "https://hub.example.org"),
        ])
        #expect(try await store.links(paperIDs: []).isEmpty)
    }

    /// A new version that adds a repository gives the paper code; re-importing the same
    /// record changes nothing; an older record does not take it away.
    @Test(arguments: StoreKind.allCases)
    func newVersionsUpdateTheLinks(kind: StoreKind) async throws {
        let (store, _, _) = try await store(kind)
        var v2 = LinkFixtures.plain
        v2.version = 2
        v2.comments = "Code: github.com/lab/detector"
        #expect(try await store.upsert([v2]) == UpsertResult(updated: 1))
        #expect(try await store.upsert([v2, LinkFixtures.plain]) == UpsertResult(unchanged: 1))
        #expect(try await store.links(paperIDs: [v2.id])[v2.id] == CodeLinks(github: "https://github.com/lab/detector"))
        let coded = try await store.listing(ListingRequest(range: LinkFixtures.march, filter: LinkFixtures.code))
        #expect(ids(coded) == ["2503.17057", "2503.14880", "2503.20002", v2.id])
    }

    @Test(arguments: StoreKind.allCases)
    func codeFilterInListingsDaysAndSearch(kind: StoreKind) async throws {
        let (store, _, _) = try await store(kind)
        let withCode: Set = ["2503.17057", "2503.14880", "2503.20002"]
        let listing = try await store.listing(ListingRequest(range: LinkFixtures.march, filter: LinkFixtures.code))
        #expect(ids(listing) == withCode && listing.total == 3)
        let cv = try await store.listing(ListingRequest(range: LinkFixtures.march, filter: CategoryFilter(include: ["cs.CL"], withCode: true)))
        #expect(cv.papers.isEmpty && cv.total == 0)
        #expect(try await store.latestDay(filter: LinkFixtures.code) == Day("2025-03-26"))
        let days = try await store.neighbourDays(of: .day(Day("2025-03-26")!), filter: LinkFixtures.code)
        #expect(days.previous == Day("2025-03-24") && days.next == nil, "the 25th has no paper with code")
        // Text search (ranked and newest), and a search of filters only.
        for sort in SearchSort.allCases {
            let found = try await store.search(SearchRequest(query: "detection", filter: LinkFixtures.code, sort: sort))
            #expect(ids(found) == withCode && found.total == 3, "\(sort)")
        }
        let onlyFilters = try await store.search(SearchRequest(query: "cat:cs.CV", filter: LinkFixtures.code))
        #expect(ids(onlyFilters) == withCode)
        #expect(try await store.search(SearchRequest(query: "detection")).total == 5)
    }

    /// The submitter clears a wrong repository and a moderator names another: the latest
    /// correction stands, with who made it; listings, both search paths and the links follow.
    @Test(arguments: StoreKind.allCases)
    func correctionsStandBeforeWhatWasFound(kind: StoreKind) async throws {
        let (store, ada, mod) = try await store(kind)
        let paper = LinkFixtures.withRepo.id, t0 = Accounts.t0
        // Searched once first, so the in-memory index exists and must see the change.
        #expect(ids(try await store.search(SearchRequest(query: "detection", filter: LinkFixtures.code))).contains(paper))

        let cleared = try await store.correctLinks(paperID: paper, repository: nil, projectPage: "https://lab.example.org/ssl", userID: ada.id, now: t0)
        #expect(cleared == LinkCorrection(paperID: paper, repository: nil, projectPage: "https://lab.example.org/ssl", userID: ada.id,
                                          username: "ada", correctedAt: t0))
        #expect(try await store.links(paperIDs: [paper])[paper] == CodeLinks(projectPage: "https://lab.example.org/ssl"))
        #expect(!ids(try await store.listing(ListingRequest(range: LinkFixtures.march, filter: LinkFixtures.code))).contains(paper))
        #expect(!ids(try await store.search(SearchRequest(query: "detection", filter: LinkFixtures.code))).contains(paper))
        #expect(!ids(try await store.search(SearchRequest(query: "cat:cs.CV", filter: LinkFixtures.code))).contains(paper))

        // Another person's correction replaces it; stored in normal form.
        let later = t0.addingTimeInterval(60)
        try await store.correctLinks(paperID: LinkFixtures.pageOnly.id, repository: "gitlab.com/lab/srbench.git", projectPage: nil, userID: mod.id, now: later)
        let corrected = try #require(try await store.linkCorrection(paperID: LinkFixtures.pageOnly.id))
        #expect(corrected.repository == "https://gitlab.com/lab/srbench" && corrected.username == "mod" && corrected.correctedAt == later)
        #expect(try await store.links(paperIDs: [LinkFixtures.pageOnly.id])[LinkFixtures.pageOnly.id]
                == CodeLinks(gitlab: "https://gitlab.com/lab/srbench", huggingFace: "https://huggingface.co/datasets/stogiannidis/srbench"))
        let found = try await store.search(SearchRequest(query: "detection", filter: LinkFixtures.code))
        #expect(ids(found) == ["2503.14880", "2503.20002", "2503.19707"])
        #expect(try await store.linkCorrection(paperID: LinkFixtures.plain.id) == nil)
        #expect(try await store.linkCorrections(userID: ada.id).map(\.paperID) == [paper])
        #expect(try await store.linkCorrections(userID: mod.id) == [corrected])

        // A new version of the paper keeps the correction: it is people's word, not arXiv's.
        var v2 = LinkFixtures.withRepo
        v2.version = 2
        try await store.upsert([v2])
        #expect(try await store.links(paperIDs: [paper])[paper] == CodeLinks(projectPage: "https://lab.example.org/ssl"))

        // The account goes; its correction stays, without a name.
        try await store.deleteUser(id: ada.id)
        let orphan = try await store.linkCorrection(paperID: paper)
        #expect(orphan?.userID == nil && orphan?.username == nil && orphan?.projectPage == "https://lab.example.org/ssl")
    }

    @Test(arguments: StoreKind.allCases)
    func correctionsAreCheckedAndNameARealPaperAndPerson(kind: StoreKind) async throws {
        let (store, ada, _) = try await store(kind)
        let paper = LinkFixtures.plain.id
        await #expect(throws: CommunityError.invalidLink("https://example.org/a/b")) {
            try await store.correctLinks(paperID: paper, repository: "https://example.org/a/b", projectPage: nil, userID: ada.id, now: Accounts.t0)
        }
        await #expect(throws: CommunityError.invalidLink("javascript:alert(1)")) {
            try await store.correctLinks(paperID: paper, repository: nil, projectPage: "javascript:alert(1)", userID: ada.id, now: Accounts.t0)
        }
        await #expect(throws: CommunityError.noSuchPaper("2401.99999")) {
            try await store.correctLinks(paperID: "2401.99999", repository: nil, projectPage: nil, userID: ada.id, now: Accounts.t0)
        }
        await #expect(throws: CommunityError.noSuchUser) {
            try await store.correctLinks(paperID: paper, repository: nil, projectPage: nil, userID: Accounts.nobody, now: Accounts.t0)
        }
        #expect(try await store.linkCorrection(paperID: paper) == nil)
    }

    /// The community view filters the same way.
    @Test(arguments: StoreKind.allCases)
    func communityListingKeepsPapersWithCode(kind: StoreKind) async throws {
        let (store, ada, _) = try await store(kind)
        for paper in LinkFixtures.all { _ = try await store.submit(paperID: paper.id, userID: ada.id, now: Accounts.t0) }
        let range = DayRange.day(Day(Accounts.t0))
        #expect(try await store.communityListing(ListingRequest(range: range)).total == 5)
        let coded = try await store.communityListing(ListingRequest(range: range, filter: LinkFixtures.code, now: Accounts.t0))
        #expect(ids(coded) == ["2503.17057", "2503.14880", "2503.20002"])
    }

    /// The bundled sample (5,061 real papers): what the store keeps with `code=1` is exactly
    /// the papers whose text names a repository, in listings and in both search paths.
    @Test(arguments: StoreKind.allCases)
    func realSampleFiltersAsTheExtractorSays(kind: StoreKind) async throws {
        let store = try await kind.make()
        let papers = try KeywordIndexTests.samplePapers()
        try await store.upsert(papers)
        let coded = Set(papers.filter { CodeLinks($0).hasCode }.map(\.id))
        #expect(coded.count > 500, "the March 2026 cs papers often link their code")
        let month = DayRange.month(containing: Day("2026-03-01")!)
        let all = try await store.listing(ListingRequest(range: month, limit: 10_000))
        let filtered = try await store.listing(ListingRequest(range: month, filter: LinkFixtures.code, limit: 10_000))
        #expect(ids(filtered) == ids(all).intersection(coded) && filtered.total == filtered.papers.count)
        let search = try await store.search(SearchRequest(query: "segmentation", filter: LinkFixtures.code, limit: 1_000))
        let unfiltered = try await store.search(SearchRequest(query: "segmentation", limit: 1_000))
        try #require(unfiltered.total < 1_000, "every match is on the page")
        #expect(ids(search) == ids(unfiltered).intersection(coded) && !search.hits.isEmpty)
        let links = try await store.links(paperIDs: Array(coded))
        #expect(Set(links.filter { $0.value.hasCode }.keys) == coded)
    }
}

/// A database made before links existed gets them from the migration.
@Suite("Links: migration of stored papers")
struct LinksMigrationTests {
    @Test func papersStoredBeforeTheMigrationGetTheirLinks() async throws {
        let queue = try DatabaseQueue.migrated(before: "code links and their corrections")
        try await queue.write { db in
            for (i, paper) in LinkFixtures.all.enumerated() {
                try db.execute(sql: """
                    INSERT INTO paper (id, version, title, abstract, authors, authorNames, categories, primaryCategory, published, announced,
                                       feedDay, comments, hub, upvotes, deleted, importedAt)
                    VALUES (?, 1, ?, ?, '[]', '', ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
                    """, arguments: [paper.id, paper.title, paper.abstract, paper.categories.joined(separator: " "), paper.primaryCategory,
                                     paper.published.map(SQLDate.string), paper.announced?.description, paper.feedDay?.description,
                                     paper.comments, try paper.hub.map(JSONFields.encode), paper.hub?.upvotes ?? 0,
                                     Date(timeIntervalSince1970: Double(i))])
            }
        }
        let store = try SQLiteStore(queue)
        let links = try await store.links(paperIDs: LinkFixtures.all.map(\.id))
        #expect(links == Dictionary(uniqueKeysWithValues: LinkFixtures.all.map { ($0.id, CodeLinks($0)) }.filter { !$0.1.isEmpty }))
        let coded = try await store.listing(ListingRequest(range: LinkFixtures.march, filter: LinkFixtures.code))
        #expect(Set(coded.papers.map(\.paper.id)) == ["2503.17057", "2503.14880", "2503.20002"])
        // Re-importing the same records finds them unchanged: the migration stored what an import would.
        #expect(try await store.upsert(LinkFixtures.all).unchanged == 5)
    }
}
