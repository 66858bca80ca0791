import Foundation

/// What `--db` and `PAPERBOY_DB` name: a database server's URL, or else a SQLite file's path.
public enum StoreLocation {
    public static func isServerURL(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// The location as messages and logs may show it: a server URL's password is replaced.
    public static func redacted(_ location: String) -> String {
        guard isServerURL(location) else { return location }
        guard var parts = URLComponents(string: location) else { return "(an unreadable database URL)" }
        if parts.percentEncodedPassword != nil { parts.percentEncodedPassword = "***" }
        return parts.string ?? "(an unreadable database URL)"
    }
}
