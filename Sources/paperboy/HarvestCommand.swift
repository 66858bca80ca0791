import ArgumentParser
import Foundation
import Harvest
import PaperboyCore

struct HarvestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "harvest",
        abstract: "Keep the database up to date from arXiv (OAI-PMH, RSS listings).",
        discussion: """
        Requests are spaced (default 3 s, one at a time per host), throttling (503 Retry-After) \
        is obeyed and failures are retried with backoff. Every page is committed with its \
        checkpoint: an interrupted harvest run again continues where it stopped. Environment: \
        PAPERBOY_CONTACT, PAPERBOY_REQUEST_INTERVAL, PAPERBOY_OAI_URL, PAPERBOY_RSS_URL, \
        PAPERBOY_HARVEST_SETS (default cs), PAPERBOY_HARVEST_PREFIX, PAPERBOY_HARVEST_RSS, \
        PAPERBOY_HARVEST_INITIAL_DAYS (default 3).
        """,
        subcommands: [Incremental.self, OAI.self, RSS.self],
        defaultSubcommand: Incremental.self)

    struct Incremental: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run", abstract: "Harvest every configured source from its last checkpoint (the default).")

        @Option(name: .customLong("set"), help: ArgumentHelp("OAI set to harvest (repeatable; default PAPERBOY_HARVEST_SETS or cs).", valueName: "set"))
        var sets: [String] = []

        @OptionGroup var arxiv: ArxivOptions
        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            var config = try arxiv.config()
            if !sets.isEmpty { config.sets = sets }
            let harvester = Harvester(config: config, store: try await storeOptions.openStore())
            try await HarvestSummary.timed("harvest") { try await harvester.incremental(onPage: HarvestSummary.pageProgress) }
        }
    }

    struct OAI: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "oai", abstract: "Harvest OAI-PMH ListRecords, following resumption tokens.",
            discussion: "Without --from it continues from the checkpoint of this set and format.")

        @Option(help: ArgumentHelp("First datestamp, YYYY-MM-DD.", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last datestamp, YYYY-MM-DD.", valueName: "date")) var until: String?
        @Option(help: "OAI set, e.g. cs or physics:hep-th (default: all of arXiv).") var set: String?
        @Option(help: "Metadata format: arXiv or arXivRaw.") var prefix = "arXiv"
        @Option(name: .customLong("base-url"), help: ArgumentHelp("OAI-PMH endpoint (env PAPERBOY_OAI_URL).", valueName: "url"))
        var baseURL: String?

        @OptionGroup var arxiv: ArxivOptions
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            for (name, value) in [("--from", from), ("--until", until)] {
                if let value, Day(value) == nil { throw ValidationError("\(name) \(value): expected a date as YYYY-MM-DD") }
            }
            guard ["arXiv", "arXivRaw"].contains(prefix) else { throw ValidationError("--prefix \(prefix): expected arXiv or arXivRaw") }
            if let set, !set.allSatisfy({ $0.isLetter || $0.isNumber || $0 == ":" || $0 == "-" || $0 == "." }) {
                throw ValidationError("--set \(set): expected an OAI set such as cs or physics:hep-th")
            }
        }

        func run() async throws {
            var config = try arxiv.config()
            if let baseURL { config.oaiURL = try ArxivOptions.url(baseURL) }
            let harvester = Harvester(config: config, store: try await storeOptions.openStore())
            let request = OAIListRequest(from: from, until: until, set: set, prefix: prefix)
            try await HarvestSummary.timed(request.source) { try await harvester.harvestOAI(request, onPage: HarvestSummary.pageProgress) }
        }
    }

    struct RSS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "rss", abstract: "Store today's listing of some categories from rss.arxiv.org.")

        @Argument(help: ArgumentHelp("Categories joined with + (cs.AI+cs.CL) or separate arguments.", valueName: "categories"))
        var categories: [String]
        @Option(name: .customLong("base-url"), help: ArgumentHelp("RSS service (env PAPERBOY_RSS_URL).", valueName: "url"))
        var baseURL: String?

        @OptionGroup var arxiv: ArxivOptions
        @OptionGroup var storeOptions: StoreOptions

        var list: [String] { categories.flatMap { $0.split(separator: "+").map(String.init) } }

        func validate() throws {
            if let bad = list.first(where: { !CategoryFilter.isValidPattern($0) }) {
                throw ValidationError("\(bad): not an arXiv category (e.g. cs.AI, hep-th)")
            }
        }

        func run() async throws {
            var config = try arxiv.config()
            if let baseURL { config.rssURL = try ArxivOptions.url(baseURL) }
            let harvester = Harvester(config: config, store: try await storeOptions.openStore())
            try await HarvestSummary.timed(RSSHarvester.source(categories: list)) { try await harvester.rss.harvest(categories: list) }
        }
    }
}

/// Options every command that talks to arXiv takes, over the `PAPERBOY_*` environment.
struct ArxivOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Contact e-mail sent in the User-Agent (env PAPERBOY_CONTACT).", valueName: "email"))
    var contact: String?

    @Option(help: ArgumentHelp("Seconds between requests to one host (env PAPERBOY_REQUEST_INTERVAL, default 3).", valueName: "seconds"))
    var interval: Double?

    func validate() throws {
        if let interval, interval < 0 || !interval.isFinite { throw ValidationError("--interval must be 0 or more seconds") }
    }

    /// Defaults, then the environment, then these flags.
    func config() throws -> HarvestConfig {
        var config: HarvestConfig
        do { config = try HarvestConfig(environment: ProcessInfo.processInfo.environment) } catch { throw CLIError("\(error)") }
        if let contact { config.contact = contact }
        if let interval { config.requestInterval = interval }
        return config
    }

    static func url(_ text: String) throws -> URL {
        guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
            throw ValidationError("--base-url \(text): expected an http(s) URL")
        }
        return url
    }
}

/// One summary line per harvest on stdout; per-page progress on stderr.
enum HarvestSummary {
    static let pageProgress: @Sendable (HarvestReport) async -> Void = { r in
        FileHandle.standardError.write(Data("page \(r.pages): \(ProgressReporter.grouped(r.recordsSeen)) records so far\n".utf8))
    }

    static func timed(_ what: String, _ body: () async throws -> HarvestReport) async throws {
        let started = Date()
        let r = try await body()
        let seconds = Date().timeIntervalSince(started)
        let rate = seconds > 0 ? Int(Double(r.recordsSeen) / seconds) : 0
        print("Harvested \(what): \(r.pages) page\(r.pages == 1 ? "" : "s"), \(ProgressReporter.grouped(r.papers.inserted)) new, "
              + "\(ProgressReporter.grouped(r.papers.updated)) updated, \(ProgressReporter.grouped(r.papers.unchanged)) unchanged, "
              + "\(r.deleted) deleted" + (r.restarts > 0 ? ", \(r.restarts) restarted" : "")
              + String(format: " in %.1f s (%@ records/s)", seconds, ProgressReporter.grouped(rate)))
    }
}
