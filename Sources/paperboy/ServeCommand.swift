import ArgumentParser
import Configuration
import Foundation
import Logging
import ServiceLifecycle
import Web

/// `paperboy serve`: the web hub, until SIGINT or SIGTERM (then in-flight requests finish).
/// Settings: flags, then `PAPERBOY_*` variables, then `--config FILE`, then defaults (`Setting`).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the web hub: pages, accounts, JSON API, feeds, mail, /healthz and /metrics.",
        discussion: "Every setting is read from its flag, then its environment variable, then the JSON file of --config, "
            + "then its default:\n" + Setting.allCases.map { "  \($0.rawValue) (\($0.environmentName)): \($0.help)" }.joined(separator: "\n"))

    @Option(help: ArgumentHelp("SQLite database file or postgres:// URL.", valueName: "path-or-url")) var db: String?
    @Option(help: ArgumentHelp("Embedding model folder.", valueName: "path")) var model: String?
    @Option(help: "Embedding arithmetic: int8 (default where the CPU has AVX-512 VNNI) or f32.") var precision: String?
    @OptionGroup var arxiv: ArxivOptions
    @Flag(help: "Harvest new papers from arXiv daily after the announcement.") var harvest = false
    @Option(help: "Address to listen on.") var host: String?
    @Option(help: "Port to listen on.") var port: String?
    @Option(help: "Public base URL for links in feeds and mail.") var publicURL: String?
    @Option(help: "Seconds a rendered anonymous page is reused (0 disables).") var cacheTTL: String?
    @Option(help: "Seconds a connection may take to send a request head.") var headerTimeout: String?
    @Option(help: "Seconds an idle connection stays open.") var idleTimeout: String?
    @Option(help: "Open connections allowed per client address.") var maxConnectionsPerIp: String?
    @Option(help: "Comma-separated addresses of reverse proxies whose X-Forwarded-For names the client.") var trustedProxies: String?
    @Option(help: "SMTP server for mail: smtp://user:pass@host:port or smtps://….") var smtp: String?
    @Option(help: "Sender address of mail.") var mailFrom: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String?
    @Option(help: ArgumentHelp("JSON file of settings (env PAPERBOY_CONFIG).", valueName: "path")) var config: String?

    private var flags: [Setting: String] {
        let given: [(Setting, String?)] = [
            (.db, db), (.model, model), (.precision, precision), (.host, host), (.port, port), (.publicURL, publicURL), (.cacheTTL, cacheTTL),
            (.headerTimeout, headerTimeout), (.idleTimeout, idleTimeout), (.maxConnectionsPerIP, maxConnectionsPerIp), (.trustedProxies, trustedProxies),
            (.smtpURL, smtp), (.mailFrom, mailFrom), (.logLevel, logLevel), (.harvest, harvest ? "true" : nil),
        ]
        return Dictionary(uniqueKeysWithValues: given.compactMap { s, v in v.map { (s, $0) } })
    }

    func run() async throws {
        let settings: HubSettings
        do {
            settings = try HubSettings(try await ConfigReader.paperboy(flags: flags, file: config))
        } catch {
            throw ValidationError("\(error)")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = settings.logLevel
            return handler
        }
        let logger = Logger(label: "paperboy.web")
        let services = try await Hub.services(settings, arxiv: try arxiv.config(), logger: logger)
        try await ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)).run()
    }
}
