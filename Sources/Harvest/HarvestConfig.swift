import Foundation
import PaperboyCore

/// Everything a harvest needs to know. Resolution order: command-line flags (applied by the
/// caller on top of this) > environment (`PAPERBOY_*`) > defaults.
public struct HarvestConfig: Sendable {
    public var oaiURL = URL(string: "https://oaipmh.arxiv.org/oai")!
    public var rssURL = URL(string: "https://rss.arxiv.org/rss/")!
    public var apiURL = URL(string: "https://export.arxiv.org/api/query")!
    /// An address arXiv can write to about our traffic, sent in the User-Agent.
    public var contact: String?
    /// Seconds between requests to one host (arXiv asks for at least 3).
    public var requestInterval: Double = 3
    public var timeout: Double = 60
    public var maxAttempts = 6
    /// OAI sets the incremental harvest lists (`cs`, `physics:hep-th`, …).
    public var sets = ["cs"]
    public var prefix = "arXiv"
    /// RSS listing categories the incremental harvest also reads; empty = none.
    public var rssCategories: [String] = []
    public var schedule = HarvestSchedule.default
    /// How far back the first incremental harvest (no checkpoint yet) starts.
    public var initialDays = 3

    public init() {}

    /// Defaults overridden by the `PAPERBOY_*` variables in `environment`; a value that does
    /// not parse is an error naming the variable.
    public init(environment: [String: String]) throws {
        self.init()
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func url(_ name: String) throws -> URL? {
            guard let v = value(name) else { return nil }
            guard let u = URL(string: v), let scheme = u.scheme, ["http", "https"].contains(scheme), u.host != nil else {
                throw HarvestError(source: "config", "\(name)=\(v) is not an http(s) URL")
            }
            return u
        }
        func number(_ name: String, _ range: ClosedRange<Double>) throws -> Double? {
            guard let v = value(name) else { return nil }
            guard let n = Double(v), range.contains(n) else { throw HarvestError(source: "config", "\(name)=\(v): expected a number in \(range)") }
            return n
        }
        func list(_ name: String) -> [String]? {
            value(name).map { $0.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "+" }).map(String.init) }
        }
        oaiURL = try url("PAPERBOY_OAI_URL") ?? oaiURL
        rssURL = try url("PAPERBOY_RSS_URL") ?? rssURL
        apiURL = try url("PAPERBOY_API_URL") ?? apiURL
        contact = value("PAPERBOY_CONTACT")
        requestInterval = try number("PAPERBOY_REQUEST_INTERVAL", 0...3600) ?? requestInterval
        timeout = try number("PAPERBOY_HARVEST_TIMEOUT", 1...3600) ?? timeout
        maxAttempts = try number("PAPERBOY_HARVEST_ATTEMPTS", 1...100).map { Int($0) } ?? maxAttempts
        initialDays = try number("PAPERBOY_HARVEST_INITIAL_DAYS", 0...36500).map { Int($0) } ?? initialDays
        sets = list("PAPERBOY_HARVEST_SETS") ?? sets
        prefix = value("PAPERBOY_HARVEST_PREFIX") ?? prefix
        guard ["arXiv", "arXivRaw"].contains(prefix) else {
            throw HarvestError(source: "config", "PAPERBOY_HARVEST_PREFIX=\(prefix): expected arXiv or arXivRaw")
        }
        rssCategories = list("PAPERBOY_HARVEST_RSS") ?? rssCategories
        if let at = value("PAPERBOY_HARVEST_AT") {
            guard let s = HarvestSchedule(utc: at) else { throw HarvestError(source: "config", "PAPERBOY_HARVEST_AT=\(at): expected HH:MM (UTC)") }
            schedule = s
        }
    }

    public var userAgent: String {
        "Paperboy/0.1" + (contact.map { " (+mailto:\($0))" } ?? "")
    }
}
