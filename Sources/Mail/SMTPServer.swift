import Foundation
import NIOCore

/// Where and how to reach the SMTP server, from `smtp://user:pass@host:port?…` or `smtps://…`.
///
/// - `smtp://` speaks plain SMTP and upgrades with STARTTLS; port 25 unless given.
///   `?starttls=required` (the default) refuses a server without STARTTLS, `opportunistic`
///   upgrades when offered, `never` stays in clear (a relay on loopback). A password is never
///   sent in clear unless `starttls=never` says so.
/// - `smtps://` is TLS from the first byte (implicit TLS); port 465 unless given.
/// - `?auth=plain|login` picks the mechanism (default: PLAIN when offered, else LOGIN).
/// - `?cafile=PATH` trusts the PEM certificates in PATH instead of the system's roots.
/// User and password are percent-decoded (`%40` for an `@` in a user name).
public struct SMTPServer: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        case startTLSRequired = "required", startTLSOpportunistic = "opportunistic", plain = "never", implicitTLS
    }
    public enum AuthMechanism: String, Sendable, Equatable {
        case plain = "PLAIN", login = "LOGIN"
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var username: String?
    public var password: String?
    public var authMechanism: AuthMechanism?
    /// A PEM file of trusted certificates; nil for the system's roots.
    public var trustRoots: String?

    public init(host: String, port: Int, security: Security, username: String? = nil, password: String? = nil,
                authMechanism: AuthMechanism? = nil, trustRoots: String? = nil) {
        self.host = host; self.port = port; self.security = security; self.username = username
        self.password = password; self.authMechanism = authMechanism; self.trustRoots = trustRoots
    }

    public init(url string: String) throws(MailConfigError) {
        guard let url = URLComponents(string: string), let scheme = url.scheme?.lowercased() else {
            throw MailConfigError("SMTP URL '\(string)' is not a URL; expected smtp://user:pass@host:port or smtps://…")
        }
        switch scheme {
        case "smtp": security = .startTLSRequired; port = 25
        case "smtps": security = .implicitTLS; port = 465
        default: throw MailConfigError("SMTP URL scheme '\(scheme)' is not smtp or smtps")
        }
        guard let host = url.host, !host.isEmpty else { throw MailConfigError("SMTP URL '\(string)' has no host") }
        // URLComponents keeps the brackets of an IPv6 literal; the resolver wants it bare.
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if let given = url.port {
            guard (1...65535).contains(given) else { throw MailConfigError("SMTP port \(given) is out of range") }
            port = given
        }
        if url.path != "" && url.path != "/" { throw MailConfigError("SMTP URL '\(string)' has a path; only user, password, host, port and query") }
        username = url.user.flatMap { $0.isEmpty ? nil : $0 }
        password = url.password
        if (username == nil) != (password == nil) { throw MailConfigError("SMTP URL gives a user without a password or a password without a user") }
        for item in url.queryItems ?? [] {
            try apply(item.name, item.value ?? "", scheme: scheme)
        }
    }

    private mutating func apply(_ name: String, _ value: String, scheme: String) throws(MailConfigError) {
        switch name {
        case "starttls":
            guard scheme == "smtp" else { throw MailConfigError("starttls= is for smtp:// only (smtps:// is TLS from the start)") }
            guard let mode = Security(rawValue: value), mode != .implicitTLS else {
                throw MailConfigError("starttls=\(value): expected required, opportunistic or never")
            }
            security = mode
        case "auth":
            guard let mechanism = AuthMechanism(rawValue: value.uppercased()) else { throw MailConfigError("auth=\(value): expected plain or login") }
            authMechanism = mechanism
        case "cafile":
            guard !value.isEmpty else { throw MailConfigError("cafile= needs a path") }
            trustRoots = value
        default:
            throw MailConfigError("unknown SMTP URL parameter '\(name)' (known: starttls, auth, cafile)")
        }
    }

    /// The name TLS checks the certificate against and sends as SNI; nil for an IP address,
    /// which SNI cannot carry (the certificate is then checked against the address).
    var tlsServerName: String? {
        (try? SocketAddress(ipAddress: host, port: port)) == nil ? host : nil
    }

    /// For logs: never the password.
    public var description: String {
        "\(security == .implicitTLS ? "smtps" : "smtp")://\(username.map { "\($0)@" } ?? "")\(host):\(port)"
    }
}

/// A mail setting that cannot work, saying which and why.
public struct MailConfigError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
