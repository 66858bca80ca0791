import ArgumentParser
import PaperboyStore

struct StatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Count papers, days, categories and embeddings.")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print a JSON object.") var json = false

    func run() async throws {
        let stats = try await store.openStore().stats()
        if json { try CLIJSON.print(stats); return }
        print("papers: \(stats.papers)")
        print("days: \(stats.firstDay?.description ?? "-") to \(stats.lastDay?.description ?? "-")")
        for (model, precisions) in stats.embeddingPrecisions.sorted(by: { $0.key < $1.key }) {
            let counts = precisions.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            print("embeddings \(model): \(precisions.values.reduce(0, +)) (\(counts))")
        }
        print("top primary categories:")
        for c in stats.categories.prefix(15) { print("  \(c.category): \(c.papers)") }
    }
}
