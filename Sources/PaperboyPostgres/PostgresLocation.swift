import Foundation
import PaperboyStore
import PostgresNIO

/// Where a PostgreSQL store lives: `postgres://user:password@host:port/database`, with
/// optional `?sslmode=disable|prefer|require`, `pool=N` (connections per process) and
/// `schema=NAME` (tables go in that schema; tests give each store its own).
struct PostgresLocation: Sendable {
    var configuration: PostgresClient.Configuration
    /// The same server for one connection of its own (`PostgresStore.probe`).
    var probe: PostgresConnection.Configuration
    /// The schema tables go in, created when missing; PostgreSQL's search path when nil.
    var schema: String?

    init(_ url: String) throws {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme,
              ["postgres", "postgresql"].contains(scheme.lowercased()) else {
            throw PostgresLocationError(url: url, why: "not a postgres:// URL")
        }
        guard let user = parts.percentEncodedUser?.removingPercentEncoding, !user.isEmpty else {
            throw PostgresLocationError(url: url, why: "names no user (postgres://USER@host/database)")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError(url: url, why: "names no database (postgres://user@host/DATABASE)")
        }
        var settings: [String: String] = [:]
        for item in parts.queryItems ?? [] { settings[item.name] = item.value ?? "" }
        let tls: (pool: PostgresClient.Configuration.TLS, probe: PostgresConnection.Configuration.TLS)
        switch settings.removeValue(forKey: "sslmode") ?? "prefer" {
        case "disable": tls = (.disable, .disable)
        case "prefer": tls = (.prefer(.makeClientConfiguration()), try .prefer(.init(configuration: .makeClientConfiguration())))
        case "require": tls = (.require(.makeClientConfiguration()), try .require(.init(configuration: .makeClientConfiguration())))
        case let other: throw PostgresLocationError(url: url, why: "sslmode \(other) is not disable, prefer or require")
        }
        let host = parts.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost", port = parts.port ?? 5432
        let password = parts.percentEncodedPassword?.removingPercentEncoding, name = database.removingPercentEncoding ?? database
        configuration = .init(host: host, port: port, username: user, password: password, database: name, tls: tls.pool)
        probe = .init(host: host, port: port, username: user, password: password, database: name, tls: tls.probe)
        if let pool = settings.removeValue(forKey: "pool") {
            guard let size = Int(pool), (1...1000).contains(size) else {
                throw PostgresLocationError(url: url, why: "pool=\(pool) is not a number of connections from 1 to 1000")
            }
            configuration.options.maximumConnections = size
        }
        if let schema = settings.removeValue(forKey: "schema") {
            guard !schema.isEmpty, schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw PostgresLocationError(url: url, why: "schema=\(schema) is not a plain name (letters, digits, _)")
            }
            configuration.options.additionalStartupParameters = [("search_path", schema)]
            probe.options.additionalStartupParameters = [("search_path", schema)]
            self.schema = schema
        }
        if let unknown = settings.keys.sorted().first {
            throw PostgresLocationError(url: url, why: "unknown setting \(unknown) (known: sslmode, pool, schema)")
        }
    }
}

/// A `postgres://` URL that cannot be used, saying why (the password is never repeated).
public struct PostgresLocationError: Error, CustomStringConvertible {
    public var description: String

    init(url: String, why: String) {
        description = "database URL \(StoreLocation.redacted(url)) \(why)"
    }
}
