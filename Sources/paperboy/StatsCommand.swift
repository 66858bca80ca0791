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
        for (model, count) in stats.embeddings.sorted(by: { $0.key < $1.key }) { print("embeddings \(model): \(count)") }
        print("top primary categories:")
        for c in stats.categories.prefix(15) { print("  \(c.category): \(c.papers)") }
    }
}
