import Foundation
import Hummingbird
import HummingbirdTesting
import PaperboyCore
import PaperboyPostgres
import PaperboyStore
import Testing
@testable import Web

/// A store (SQLite in memory, or PostgreSQL: `emptyStore`) holding the 200 real Kaggle sample records (announced over
/// 31 Mar – 2 Apr 2007) plus a few hostile papers made here to test escaping.
enum Fixture {
    /// The project's bundled sample (`sample/`), so route tests run on any fresh clone.
    static let samplePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sample/arxiv-0704-sample200.jsonl")

    /// The real sample papers, decoded here (the Web tests do not depend on Ingest).
    static let samplePapers = kagglePapers(samplePath)

    /// 17 real cs papers of 2025 whose abstracts and comments link code, models and project
    /// pages (the extraction tests' fixture, see its SOURCES.md).
    static let codeLinkPapers = kagglePapers(samplePath.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Tests/PaperboyCoreTests/Fixtures/code-links.jsonl"))

    static func kagglePapers(_ file: URL) -> [Paper] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let r = try? JSONDecoder().decode(KaggleLine.self, from: Data(line.utf8)) else { return nil }
            return r.paper
        }
    }

    /// Hostile texts: markup in title and abstract, LaTeX with `<`, an ampersand.
    static let hostile = Paper(
        id: "0703.99999", title: "<script>alert('x')</script> Bounds for $a<b$ & friends",
        abstract: "We show <b>bold</b> claims about neural networks where $x < y$ and \"quotes\" & ampersands.",
        authors: [Author(name: "Eve <Evil> O'Hacker")], categories: ["cs.LG", "stat.ML"],
        published: date("2007-03-20"), comments: "<img src=x onerror=alert(1)>", doi: "10.1000/xyz<1>")

    static func date(_ s: String) -> Date { Day(s)!.date.addingTimeInterval(3600) }

    static func store() async throws -> any HubStore {
        let store = try await emptyStore()
        try await store.upsert(samplePapers + [hostile])
        return store
    }

    /// The backend the route suites run on: SQLite, or with `PAPERBOY_WEB_TESTS_BACKEND=postgres`
    /// the server `PAPERBOY_TEST_POSTGRES` names, each store in a schema of its own
    /// (scripts/test.sh runs the suites both ways).
    static func emptyStore() async throws -> any HubStore {
        guard ProcessInfo.processInfo.environment["PAPERBOY_WEB_TESTS_BACKEND"] == "postgres" else { return try SQLiteStore.inMemory() }
        let url = try #require(postgresURLWithFreshSchema(), "PAPERBOY_WEB_TESTS_BACKEND=postgres needs PAPERBOY_TEST_POSTGRES")
        return try await PostgresStore.connect(url)
    }

    /// The test server's URL (`PAPERBOY_TEST_POSTGRES`) with a schema no other test uses; nil
    /// without a server.
    static func postgresURLWithFreshSchema() -> String? {
        guard let url = ProcessInfo.processInfo.environment["PAPERBOY_TEST_POSTGRES"], !url.isEmpty else { return nil }
        let schema = "w_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema
    }

    /// bcrypt at its lowest cost: account tests sign in hundreds of times.
    static let config = WebConfig(publicURL: "https://hub.example", bcryptCost: 4)

    static func router(store: (any HubStore)? = nil, semantic: (any SemanticSearch)? = nil, jobs: BackgroundJobs = BackgroundJobs(),
                       metrics: WebMetrics = WebMetrics(), config: WebConfig = config,
                       arxiv: (any PaperFetching)? = nil) async throws -> Router<AppRequestContext> {
        let s: any HubStore
        if let store { s = store } else { s = try await self.store() }
        return try await buildRouter(config, stores: HubStores(s), semantic: semantic,
                                     jobs: jobs, arxiv: arxiv, metrics: metrics, logLevel: .trace)
    }

    /// The feed days of the fixture, computed from the records rather than the store.
    static var days: [Day] { Array(Set((samplePapers + [hostile]).compactMap(\.feedDay))).sorted() }
}

/// The fields of a Kaggle arXiv snapshot line these tests need.
private struct KaggleLine: Decodable {
    var id: String, title: String, abstract: String, categories: String
    var comments: String?, doi: String?
    var journalRef: String?
    var versions: [Version]
    var authors_parsed: [[String]]
    struct Version: Decodable { var version: String; var created: String }
    enum CodingKeys: String, CodingKey {
        case id, title, abstract, categories, comments, doi, versions, authors_parsed
        case journalRef = "journal-ref"
    }

    var paper: Paper {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss zzz"
        let dates = versions.compactMap { formatter.date(from: $0.created) }
        return Paper(id: id, version: versions.count, title: title, abstract: abstract,
                     authors: authors_parsed.map { Author(keyname: $0[0], forenames: $0.count > 1 ? $0[1] : nil, suffix: $0.count > 2 ? $0[2] : nil) },
                     categories: categories.split(separator: " ").map(String.init), published: dates.first, updated: dates.last,
                     comments: comments, journalRef: journalRef, doi: doi)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
