import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyStore
import Search

struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search: words, \"phrases\", -exclude, OR, author:, cat:cs.*, since:, until:, year:, or an arXiv id.",
        discussion: "Hybrid (keyword fused with meaning) when the embedding model is installed, else keyword.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var model: ModelOptions
    @Option(help: "keyword, semantic or hybrid (default: hybrid when the model folder exists, else keyword).")
    var mode: SearchMode?
    @Argument(help: "The query (several arguments are joined with spaces).")
    var query: [String]
    @Option(help: "Results to show.") var limit = 20
    @Option(help: "Results to skip (paging).") var offset = 0
    @Option(help: "relevance or newest.") var sort: SearchSort = .relevance
    @Flag(help: "Match any word instead of all (for natural-language questions).") var any = false
    @Flag(help: "Print a JSON array.") var json = false

    func validate() throws {
        guard (1...1000).contains(limit) else { throw ValidationError("--limit must be between 1 and 1000") }
        guard offset >= 0 else { throw ValidationError("--offset must not be negative") }
    }

    func run() async throws {
        let paperStore = try await store.openStore()
        let request = SearchRequest(query: query.joined(separator: " "), sort: sort, offset: offset, limit: limit, match: any ? .any : .all)
        let hasModel = FileManager.default.fileExists(atPath: model.folder.path)
        let mode = self.mode ?? (hasModel ? .hybrid : .keyword)
        let results: SearchResults
        if mode == .keyword {
            results = try await paperStore.search(request)
        } else {
            guard hasModel else { throw CLIError("--mode \(mode.rawValue) needs the embedding model at \(model.folder.path) (install it with scripts/setup-model.sh)") }
            let embedder = try model.loadModel()
            results = try await SearchService.load(store: paperStore, embedder: embedder).search(request, mode: mode)
        }
        for note in results.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        if json {
            try CLIJSON.print(results.hits.map(SearchHitJSON.init))
            return
        }
        print("\(results.total) result\(results.total == 1 ? "" : "s")")
        for (i, hit) in results.hits.enumerated() {
            let p = hit.paper
            let date = p.published.map { Day($0).description } ?? "----------"
            print(String(format: "%3d. %@  %@  [%@] score %.3f", offset + i + 1, p.id, date, p.categories.joined(separator: " "), hit.score))
            print("     \(p.title)")
            if !p.authors.isEmpty {
                print("     \(p.authors.prefix(4).map(\.name).joined(separator: ", "))\(p.authors.count > 4 ? " et al." : "")")
            }
        }
    }
}

/// One line of `search --json`.
struct SearchHitJSON: Encodable {
    var id: String
    var title: String
    var score: Double
    var authors: [String]
    var categories: [String]
    var published: Date?
    var url: String

    init(_ hit: SearchHit) {
        id = hit.paper.id; title = hit.paper.title; score = hit.score
        authors = hit.paper.authors.map(\.name); categories = hit.paper.categories
        published = hit.paper.published; url = hit.paper.arxivID.absURL
    }
}

extension SearchSort: ExpressibleByArgument {}
