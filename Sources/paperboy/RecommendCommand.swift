import ArgumentParser
import Foundation
import PaperboyCore
import Search

struct RecommendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Ranks the database's papers for a profile of liked papers, as the web's For you view does.",
        discussion: """
            A linear model is trained on the liked papers' embeddings against papers sampled from \
            those being ranked (and the --unlike ones), then scores every candidate. Needs \
            embeddings (paperboy embed).
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var model: ModelOptions
    @Option(help: ArgumentHelp("Papers the profile likes: arXiv ids, comma-separated (repeatable).", valueName: "ids"))
    var like: [String]
    @Option(help: ArgumentHelp("Papers the profile is not interested in (comma-separated, repeatable).", valueName: "ids"))
    var unlike: [String] = []
    @Option(help: ArgumentHelp("Rank only papers of this day (YYYY-MM-DD) or later.", valueName: "date"))
    var since: String?
    @Option(help: "Papers to show (1-1000).") var limit = 20
    @Flag(help: "Print a JSON array of {id, title, score}.") var json = false

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        for raw in Self.ids(like + unlike) where ArxivID(raw) == nil {
            throw ValidationError("not an arXiv id: \(raw)")
        }
        guard !likedIDs.isEmpty else { throw ValidationError("--like needs at least one arXiv id") }
        if let since, Day(since) == nil { throw ValidationError("--since is not a date: expected YYYY-MM-DD, got '\(since)'") }
    }

    private var likedIDs: [String] { Self.ids(like).compactMap { ArxivID($0)?.base } }

    static func ids(_ lists: [String]) -> [String] {
        lists.flatMap { $0.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init) }
    }

    func run() async throws {
        let paperStore = try await store.openStore()
        let embedder = try model.loadModel()
        let index = try await SearchService.loadIndex(from: paperStore, model: embedder.id, dimension: embedder.dimension)
        let liked = likedIDs, unliked = Self.ids(unlike).compactMap { ArxivID($0)?.base }
        let known = try await paperStore.papers(ids: liked + unliked).map(\.id)
        if let missing = (liked + unliked).first(where: { !known.contains($0) }) {
            throw CLIError("no paper \(missing) in \(store.path)")
        }
        var pool: [String]?
        if let first = since.flatMap(Day.init) { pool = try await paperStore.paperIDs(from: first, through: .lastDay, filter: .init()) }
        let recommender = Recommender(index: index)
        guard let trained = recommender.train(liked: liked, notInterested: unliked, pool: pool) else {
            throw CLIError("none of the liked papers has an embedding yet: run paperboy embed --db \(store.path)")
        }
        let ranked = recommender.rank(trained, candidates: pool, excluding: Set(liked + unliked), limit: limit)
        let titles = Dictionary(try await paperStore.papers(ids: ranked.map(\.id)).map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let rows = ranked.map { RecommendationJSON(id: $0.id, title: titles[$0.id] ?? "", score: Double($0.score)) }
        if json {
            try CLIJSON.print(rows)
            return
        }
        for (i, row) in rows.enumerated() {
            print(String(format: "%3d. %@  %.3f  %@", i + 1, row.id, row.score, row.title))
        }
    }
}

struct RecommendationJSON: Encodable {
    var id: String
    var title: String
    var score: Double
}
