import ArgumentParser
import Foundation
import PaperboyCore
import PaperboyStore

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one paper by arXiv id or URL.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "arXiv id (any version) or abs/pdf URL.") var id: String
    @Flag(help: "Print the paper as JSON.") var json = false

    func run() async throws {
        let key = ArxivID(id)?.base ?? id.trimmingWhitespace()
        guard let paper = try await store.openStore().paper(id: key) else {
            throw CLIError("no paper \(key) in \(store.path)")
        }
        if json { try CLIJSON.print(paper); return }
        print("\(paper.arxivID)  \(paper.title)")
        print(paper.authors.map(\.name).joined(separator: ", "))
        print("categories: \(paper.categories.joined(separator: " "))")
        if let published = paper.published { print("published: \(Day(published))\(paper.announced.map { ", announced \($0)" } ?? "")") }
        for (label, value) in [("comments", paper.comments), ("journal", paper.journalRef), ("doi", paper.doi)] {
            if let value { print("\(label): \(value)") }
        }
        if let hub = paper.hub { print("upvotes: \(hub.upvotes)") }
        print(paper.arxivID.absURL)
        print("")
        print(paper.abstract)
    }
}
