import ArgumentParser
import Foundation
import Harvest
import PaperboyCore

struct FetchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Fetch papers by arXiv id through the export API and store them.",
        discussion: "Accepts ids, arXiv: prefixes and abs/pdf URLs; asks for up to --batch ids per request.")

    @Argument(help: ArgumentHelp("arXiv ids (2403.01234, hep-th/9901001v2, https://arxiv.org/abs/…).", valueName: "id"))
    var ids: [String]

    @Option(help: "Ids per request.") var batch = 50

    @Option(name: .customLong("base-url"), help: ArgumentHelp("Export API (env PAPERBOY_API_URL).", valueName: "url"))
    var baseURL: String?

    @OptionGroup var arxiv: ArxivOptions
    @OptionGroup var storeOptions: StoreOptions

    func validate() throws {
        guard (1...2000).contains(batch) else { throw ValidationError("--batch must be 1…2000, not \(batch)") }
        if let bad = ids.first(where: { ArxivID($0) == nil }) { throw ValidationError("\(bad): not an arXiv id") }
    }

    func run() async throws {
        var config = try arxiv.config()
        if let baseURL { config.apiURL = try ArxivOptions.url(baseURL) }
        var fetcher = Harvester(config: config, store: try await storeOptions.openStore()).api
        fetcher.batchSize = batch
        let parsed = ids.compactMap(ArxivID.init)
        var missing: [String] = []
        try await HarvestSummary.timed("api") {
            let result = try await fetcher.fetch(parsed)
            missing = result.missing
            return result.report
        }
        if !missing.isEmpty {
            FileHandle.standardError.write(Data("not found on arXiv: \(missing.joined(separator: ", "))\n".utf8))
            throw ExitCode.failure
        }
    }
}
