import Configuration
import Embeddings
import SystemPackage
import Foundation
import Logging

/// Every setting of `paperboy serve`, documented here once. Each is read, in this order, from
/// a command-line flag, the environment (`PAPERBOY_` + the key in capitals, dots as
/// underscores: `public.url` is `PAPERBOY_PUBLIC_URL`), the JSON config file given by
/// `--config` or `PAPERBOY_CONFIG` (keys nested at the dots: `{"public": {"url": …}}`), then
/// the default below.
public enum Setting: String, CaseIterable, Sendable {
    case db, model, precision, host, port
    case publicURL = "public.url"
    case cacheTTL = "cache.ttl"
    case headerTimeout = "header.timeout"
    case idleTimeout = "idle.timeout"
    case maxConnectionsPerIP = "max.connections.per.ip"
    case trustedProxies = "trusted.proxies"
    case smtpURL = "smtp.url"
    case mailFrom = "mail.from"
    case mailPollSeconds = "mail.poll.seconds"
    case mailPerMinute = "mail.per.minute"
    case mailLeaseSeconds = "mail.lease.seconds"
    case digestPollSeconds = "digest.poll.seconds"
    case leaseSeconds = "lease.seconds"
    case harvest
    case defaultView = "default.view"
    case submissionsPerDay = "submissions.per.day"
    case votesPerMinute = "votes.per.minute"
    case logLevel = "log.level"

    public var environmentName: String { "PAPERBOY_" + rawValue.uppercased().replacingOccurrences(of: ".", with: "_") }

    /// What it does and its default, for `--help` and the README.
    public var help: String {
        switch self {
        case .db: return "SQLite database file or postgres://user:password@host:port/database URL (default ./data/paperboy.sqlite)"
        case .model: return "embedding model folder (default ./models/all-MiniLM-L6-v2; keyword search only when missing)"
        case .precision: return "arithmetic of the embedding model's matrix products: int8 or f32 (default int8 where the CPU has AVX-512 VNNI, else f32)"
        case .host: return "address to listen on (default 127.0.0.1)"
        case .port: return "port to listen on (default 8080)"
        case .publicURL: return "base URL readers reach the hub at, for links in feeds and mail (default http://HOST:PORT)"
        case .cacheTTL: return "seconds a rendered anonymous page is reused (default 30; 0 turns the cache off)"
        case .headerTimeout: return "seconds a connection may take to send a request head (default 10)"
        case .idleTimeout: return "seconds an idle connection stays open (default 60)"
        case .maxConnectionsPerIP: return "open connections allowed per client address (default 64)"
        case .trustedProxies: return "comma-separated addresses of reverse proxies whose X-Forwarded-For names the client (default none)"
        case .smtpURL: return "SMTP server for mail: smtp://user:pass@host:port or smtps://… (default none: mail goes to a folder beside the database and the log)"
        case .mailFrom: return "sender address of mail (default paperboy@ the public host)"
        case .mailPollSeconds: return "seconds between looks at the mail outbox (default 5)"
        case .mailPerMinute: return "messages one process hands to the SMTP server per minute (default 60; 0 for no limit)"
        case .digestPollSeconds: return "seconds between looks for digests that are due (default 60)"
        case .leaseSeconds: return "seconds a dead instance keeps its background jobs (harvest, embedding, digests) from the others (default 30)"
        case .mailLeaseSeconds: return "seconds a message being sent stays with its sender; after a crash, others send it once this has passed (default 600)"
        case .harvest: return "harvest new papers from arXiv daily (true/false, default false)"
        case .defaultView: return "what day, week and month pages show first: all (every new paper) or community (what people submitted and upvoted) (default all)"
        case .submissionsPerDay: return "papers one person may submit per day (default 10; moderators have no limit)"
        case .votesPerMinute: return "upvotes one account may cast or take back per minute (default 60)"
        case .logLevel: return "trace, debug, info, notice, warning or error (default info)"
        }
    }
}

/// A setting with a value that is not one, naming the setting and the value.
public struct SettingError: Error, CustomStringConvertible {
    public let description: String
    init(_ setting: Setting, _ value: String, _ expected: String) {
        description = "\(setting.rawValue) (\(setting.environmentName)): '\(value.prefix(80))' is not \(expected)"
    }
}

/// What `paperboy serve` runs with, resolved once from flags, environment, file and defaults.
public struct HubSettings: Sendable {
    public var db = "./data/paperboy.sqlite"
    public var model: String?
    public var precision = Precision.best
    public var web = WebConfig()
    public var smtpURL: String?
    public var mailFrom: String?
    public var mailPollSeconds: Double = 5
    public var mailPerMinute = 60
    public var mailLeaseSeconds: Double = 600
    public var digestPollSeconds: Double = 60
    /// How long a background job's lease lasts without renewal (`JobLease`).
    public var leaseSeconds: Double = 30
    public var harvest = false
    public var logLevel = Logger.Level.info

    public init() {}

    /// Reads every `Setting` from `config` (see `Setting` for the order of sources).
    public init(_ config: ConfigReader) throws {
        let read = SettingReader(config: config)
        db = read.string(.db) ?? db
        model = read.string(.model)
        if let value = read.string(.precision) {
            guard let parsed = Precision(rawValue: value) else { throw SettingError(.precision, value, "int8 or f32") }
            precision = parsed
        }
        let host = read.string(.host) ?? web.host
        let port = try read.int(.port, in: 0...65535) ?? web.port
        web = WebConfig(host: host, port: port, publicURL: read.string(.publicURL),
                        cacheTTL: try read.double(.cacheTTL, atLeast: 0) ?? web.cacheTTL)
        if let url = read.string(.publicURL), URL(string: url)?.host == nil { throw SettingError(.publicURL, url, "an http(s) URL") }
        web.headerTimeout = try read.double(.headerTimeout, atLeast: 0.001) ?? web.headerTimeout
        web.idleTimeout = try read.double(.idleTimeout, atLeast: 0.001) ?? web.idleTimeout
        web.maxConnectionsPerIP = try read.int(.maxConnectionsPerIP, in: 1...1_000_000) ?? web.maxConnectionsPerIP
        web.trustedProxies = Set((read.string(.trustedProxies) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty })
        smtpURL = read.string(.smtpURL)
        mailFrom = read.string(.mailFrom)
        web.mailFrom = mailFrom
        mailPollSeconds = try read.double(.mailPollSeconds, atLeast: 0.01) ?? mailPollSeconds
        mailPerMinute = try read.int(.mailPerMinute, in: 0...1_000_000) ?? mailPerMinute
        mailLeaseSeconds = try read.double(.mailLeaseSeconds, atLeast: 1) ?? mailLeaseSeconds
        digestPollSeconds = try read.double(.digestPollSeconds, atLeast: 0.1) ?? digestPollSeconds
        leaseSeconds = try read.double(.leaseSeconds, atLeast: 1) ?? leaseSeconds
        harvest = try read.bool(.harvest) ?? harvest
        if let view = read.string(.defaultView) {
            guard let parsed = PaperSelection(rawValue: view), parsed != .forYou else { throw SettingError(.defaultView, view, "all or community") }
            web.defaultView = parsed
        }
        web.submissionsPerDay = try read.int(.submissionsPerDay, in: 0...1_000_000) ?? web.submissionsPerDay
        web.votesPerMinute = try read.int(.votesPerMinute, in: 1...100_000_000) ?? web.votesPerMinute
        if let level = read.string(.logLevel) {
            guard let parsed = Logger.Level(rawValue: level) else { throw SettingError(.logLevel, level, "a log level (trace … error)") }
            logLevel = parsed
        }
    }
}

/// Typed reads with errors that name the setting. Values may come as text (flags, the
/// environment) or typed (a JSON file), so each is tried as both.
private struct SettingReader {
    let config: ConfigReader

    func string(_ s: Setting) -> String? {
        config.string(forKey: ConfigKey(s.rawValue)).flatMap { $0.isEmpty ? nil : $0 }
    }

    func int(_ s: Setting, in range: ClosedRange<Int>) throws -> Int? {
        let value: Int
        if let typed = config.int(forKey: ConfigKey(s.rawValue)) { value = typed } else {
            guard let text = string(s) else { return nil }
            guard let parsed = Int(text) else { throw SettingError(s, text, "a whole number") }
            value = parsed
        }
        guard range.contains(value) else { throw SettingError(s, String(value), "between \(range.lowerBound) and \(range.upperBound)") }
        return value
    }

    func double(_ s: Setting, atLeast minimum: Double) throws -> Double? {
        let value: Double
        if let typed = config.double(forKey: ConfigKey(s.rawValue)) ?? config.int(forKey: ConfigKey(s.rawValue)).map(Double.init) { value = typed } else {
            guard let text = string(s) else { return nil }
            guard let parsed = Double(text), parsed.isFinite else { throw SettingError(s, text, "a number") }
            value = parsed
        }
        guard value >= minimum else { throw SettingError(s, String(value), "\(minimum) or more") }
        return value
    }

    func bool(_ s: Setting) throws -> Bool? {
        if let typed = config.bool(forKey: ConfigKey(s.rawValue)) { return typed }
        guard let text = string(s)?.lowercased() else { return nil }
        if ["1", "true", "yes", "on"].contains(text) { return true }
        if ["0", "false", "no", "off"].contains(text) { return false }
        throw SettingError(s, text, "true or false")
    }
}

extension ConfigReader {
    /// Flags first, then the environment, then the JSON file at `file` (if any): the sources
    /// `HubSettings` reads, in order.
    public static func paperboy(flags: [Setting: String], file: String?,
                                environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ConfigReader {
        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (setting, value) in flags { values[AbsoluteConfigKey(ConfigKey(setting.rawValue))] = ConfigValue(.string(value), isSecret: setting == .smtpURL) }
        var providers: [any ConfigProvider] = [
            InMemoryProvider(name: "flags", values: values),
            EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(["PAPERBOY_SMTP_URL"]))
                .prefixKeys(with: "paperboy"),
        ]
        if let file = file ?? environment["PAPERBOY_CONFIG"].flatMap({ $0.isEmpty ? nil : $0 }) {
            providers.append(try await FileProvider<JSONSnapshot>(filePath: FilePath(file)))
        }
        return ConfigReader(providers: providers)
    }
}
