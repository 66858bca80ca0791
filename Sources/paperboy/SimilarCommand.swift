import ArgumentParser
import Foundation
import PaperboyCore
import Search

struct SimilarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "similar",
        abstract: "Papers nearest in meaning to a paper (by embedding), itself excluded.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var model: ModelOptions
    @Argument(help: "arXiv id (any version; the version is ignored).") var id: String
    @Option(help: "Papers to show (1-100).") var limit = 10
    @Flag(help: "Print a JSON array.") var json = false

    func validate() throws {
        guard (1...100).contains(limit) else { throw ValidationError("--limit must be between 1 and 100") }
        guard ArxivID(id) != nil else { throw ValidationError("not an arXiv id: \(id)") }
    }

    func run() async throws {
        let paperStore = try await store.openStore()
        let embedder = try model.loadModel()
        let service = try await SearchService.load(store: paperStore, embedder: embedder)
        let base = ArxivID(id)!.base
        guard let hits = try await service.similar(to: base, limit: limit) else {
            throw CLIError("no paper \(base) in \(store.path)")
        }
        if json {
            try CLIJSON.print(hits.map(SearchHitJSON.init))
            return
        }
        for (i, hit) in hits.enumerated() {
            print(String(format: "%3d. %@  %.3f  %@", i + 1, hit.paper.id, hit.score, hit.paper.title))
        }
    }
}
