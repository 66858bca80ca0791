import Foundation
import PaperboyCore

/// Everything the rest of Paperboy asks of storage. The SQLite (GRDB) implementation is the
/// default; a PostgreSQL one can follow behind the same protocol and the same conformance tests.
public protocol PaperStore: Sendable {
    /// Inserts new papers and merges known ones (`Paper.merged(with:)`): a newer version updates
    /// metadata, the same record twice changes nothing, user data (votes, comments) is untouched.
    /// With a checkpoint, it is saved in the same transaction as the papers.
    @discardableResult
    func upsert(_ papers: [Paper], checkpoint: Checkpoint?) async throws -> UpsertResult
    /// `upsert` in two steps: the returned value does the write. Preparing needs no database
    /// access, so it can overlap another batch's write (the default prepares nothing).
    func prepareUpsert(_ papers: [Paper]) throws -> PreparedUpsert
    /// Records arXiv's deletions (OAI tombstones): the papers disappear from listings and search.
    func delete(ids: [String], checkpoint: Checkpoint?) async throws

    func paper(id: String) async throws -> Paper?
    /// The papers with these ids that exist, in the order asked.
    func papers(ids: [String]) async throws -> [Paper]
    /// The links each of these papers shows (those that show any): found at import, as
    /// corrected (`CommunityStore.correctLinks`).
    func links(paperIDs: [String]) async throws -> [String: CodeLinks]

    /// Keyword search with the query language of `KeywordQuery`.
    func search(_ request: SearchRequest) async throws -> SearchResults

    /// Papers whose feed day falls in `range`, filtered and sorted.
    func listing(_ request: ListingRequest) async throws -> Listing
    /// The ids of every paper whose feed day is from `first` through `last` and that passes
    /// the filter, newest first: the pool a personal ranking orders.
    func paperIDs(from first: Day, through last: Day, filter: CategoryFilter) async throws -> [String]
    /// The newest day that has papers passing the filter.
    func latestDay(filter: CategoryFilter) async throws -> Day?
    /// The nearest days before and after `range` that have papers passing the filter.
    func neighbourDays(of range: DayRange, filter: CategoryFilter) async throws -> (previous: Day?, next: Day?)

    func stats() async throws -> StoreStats
    /// Live papers: what `stats().papers` says, cheap enough for every health check.
    func paperCount() async throws -> Int
    /// Throws (a `StoreHealthError` where it can say which part) unless every table the pages
    /// read can be read.
    func checkHealth() async throws
    /// Changes whenever a paper is added, changed or deleted (by any writer): cheap to ask for
    /// on every request, so caches can tell whether what they hold is still current.
    func version() async throws -> StoreVersion
    /// Builds the in-memory keyword index now, when the store has one (a server starts this in
    /// the background; benchmarks and evaluations wait for it).
    func prepareKeywordIndex() async
    /// Announces, as they commit, papers and vectors written by any process (the table's name:
    /// `paper`, `embedding`), and `connected` whenever the announcements (re)start, since some
    /// may have been missed: a listener then catches up from the change feed (`version()`,
    /// `embeddings(model:savedAfter:)`). Nil when the store announces nothing (SQLite: readers
    /// poll).
    func changeAnnouncements() -> AsyncStream<String>?

    func checkpoint(source: String) async throws -> Checkpoint?

    // Embeddings, tagged with the model that made them: a new model re-embeds everything.
    func embeddingCount(model: String) async throws -> Int
    /// Papers that have no embedding for `model` yet, oldest id first.
    func papersWithoutEmbedding(model: String, limit: Int) async throws -> [Paper]
    /// `precision` names the arithmetic that made the vectors (such as int8 or f32).
    func saveEmbeddings(model: String, precision: String, _ vectors: [(id: String, vector: [Float])]) async throws
    /// Every stored vector for `model`, in id order.
    func embeddings(model: String) async throws -> [(id: String, vector: [Float])]
    /// The vectors for `model` saved after `cursor` (every one when nil), and the cursor to
    /// pass next time: how an instance that does not embed follows the one that does.
    func embeddings(model: String, savedAfter cursor: Int64?) async throws -> (vectors: [(id: String, vector: [Float])], cursor: Int64?)
}

/// Why the store cannot serve: `reason` is short and safe to show anyone, `detail` (the
/// database's own message and SQL) is for the log.
public struct StoreHealthError: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var detail: String
    public init(reason: String, detail: String) { self.reason = reason; self.detail = detail }
    public var description: String { "\(reason): \(detail)" }
}

extension PaperStore {
    /// Stores with no tables to check are healthy when they can count their papers.
    public func checkHealth() async throws { _ = try await paperCount() }
    /// Stores without an in-memory keyword index have nothing to build.
    public func prepareKeywordIndex() async {}
    public func changeAnnouncements() -> AsyncStream<String>? { nil }

    @discardableResult
    public func upsert(_ papers: [Paper]) async throws -> UpsertResult { try await upsert(papers, checkpoint: nil) }
}

public struct UpsertResult: Sendable, Equatable {
    public var inserted = 0, updated = 0, unchanged = 0
    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted; self.updated = updated; self.unchanged = unchanged
    }
    public static func + (a: UpsertResult, b: UpsertResult) -> UpsertResult {
        UpsertResult(inserted: a.inserted + b.inserted, updated: a.updated + b.updated, unchanged: a.unchanged + b.unchanged)
    }
}

/// Where a harvest or import got to, saved atomically with the records it came with.
public struct Checkpoint: Sendable, Equatable, Codable {
    public var source: String
    public var token: String?
    public var datestamp: String?
    public var updatedAt: Date
    public init(source: String, token: String? = nil, datestamp: String? = nil, updatedAt: Date = Date()) {
        self.source = source; self.token = token; self.datestamp = datestamp; self.updatedAt = updatedAt
    }
}

public enum SearchSort: String, Sendable, CaseIterable { case relevance, newest }
public enum FeedSort: String, Sendable, CaseIterable { case trending, newest }

public struct SearchRequest: Sendable {
    public var query: String
    public var filter: CategoryFilter
    public var sort: SearchSort
    public var offset: Int
    public var limit: Int
    /// How plain words combine: all must match (the search box), or any (ranked by bm25; for
    /// natural-language questions, evaluation and hybrid search).
    public var match: MatchMode
    /// Whether `total` must count the matches (up to the store's cap), as a results page with
    /// a count and page numbers needs. When false (the JSON API, which shows no total), the
    /// search may stop as soon as the page is certain and `total` is only a lower bound.
    public var countsTotal: Bool
    public init(query: String, filter: CategoryFilter = .init(), sort: SearchSort = .relevance, offset: Int = 0, limit: Int = 20,
                match: MatchMode = .all, countsTotal: Bool = true) {
        self.query = query; self.filter = filter; self.sort = sort; self.offset = offset; self.limit = limit; self.match = match
        self.countsTotal = countsTotal
    }
}

public struct SearchHit: Sendable {
    public var paper: Paper
    /// Higher is better (negated bm25 for keyword search).
    public var score: Double
    public init(paper: Paper, score: Double) { self.paper = paper; self.score = score }
}

public struct SearchResults: Sendable {
    public var hits: [SearchHit]
    /// Matches in all, for paging. Implementations may stop counting at a cap (SQLiteStore:
    /// `searchCountCap`, 10,000), in which case `total` equals the cap and means "at least".
    public var total: Int
    /// The positive words and phrases of the query, for highlighting.
    public var terms: [String]
    /// What the query parser dropped or could not use, in words to show the user.
    public var notes: [String]
    public init(hits: [SearchHit], total: Int, terms: [String], notes: [String] = []) {
        self.hits = hits; self.total = total; self.terms = terms; self.notes = notes
    }
}

public struct ListingRequest: Sendable {
    public var range: DayRange
    public var filter: CategoryFilter
    public var sort: FeedSort
    public var offset: Int
    public var limit: Int
    /// The clock trending is computed against (injected so tests are stable).
    public var now: Date
    public init(range: DayRange, filter: CategoryFilter = .init(), sort: FeedSort = .trending, offset: Int = 0, limit: Int = 50, now: Date = Date()) {
        self.range = range; self.filter = filter; self.sort = sort; self.offset = offset; self.limit = limit; self.now = now
    }
}

public struct ListedPaper: Sendable {
    public var paper: Paper
    /// Local upvotes plus imported ones.
    public var votes: Int
    public var trendingScore: Double
    public init(paper: Paper, votes: Int, trendingScore: Double) { self.paper = paper; self.votes = votes; self.trendingScore = trendingScore }
}

public struct Listing: Sendable {
    public var papers: [ListedPaper]
    public var total: Int
    public init(papers: [ListedPaper], total: Int) { self.papers = papers; self.total = total }
}

/// See `PaperStore.version()`. Compare for equality only.
public struct StoreVersion: Sendable, Hashable, CustomStringConvertible {
    /// The newest paper row (new papers raise it).
    public var lastPaper: Int64
    /// The newest change to an existing paper (updates and deletions raise it).
    public var lastChange: Int64
    public init(lastPaper: Int64, lastChange: Int64) { self.lastPaper = lastPaper; self.lastChange = lastChange }
    public var description: String { "\(lastPaper).\(lastChange)" }
}

public struct StoreStats: Sendable, Codable {
    public var papers: Int
    public var firstDay: Day?
    public var lastDay: Day?
    /// Papers per primary category, largest first.
    public var categories: [CategoryCount]
    /// Embedded papers per model id.
    public var embeddings: [String: Int]
    /// Embedded papers per model id and precision.
    public var embeddingPrecisions: [String: [String: Int]]
    public struct CategoryCount: Sendable, Codable { public var category: String; public var papers: Int
        public init(category: String, papers: Int) { self.category = category; self.papers = papers } }
    public init(papers: Int, firstDay: Day?, lastDay: Day?, categories: [CategoryCount], embeddingPrecisions: [String: [String: Int]]) {
        self.papers = papers; self.firstDay = firstDay; self.lastDay = lastDay; self.categories = categories
        self.embeddingPrecisions = embeddingPrecisions
        self.embeddings = embeddingPrecisions.mapValues { $0.values.reduce(0, +) }
    }
}

/// Everything a running hub keeps: one value per backend (`SQLiteStore`, and the PostgreSQL
/// store) is all of these at once.
public typealias HubStore = PaperStore & AccountStore & CommunityStore & SubscriptionStore & LeaseStore & CopyableStore
