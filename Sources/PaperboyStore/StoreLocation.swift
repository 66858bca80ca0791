/// What `--db` and `PAPERBOY_DB` name: a database server's URL, or else a SQLite file's path.
public enum StoreLocation {
    public static func isServerURL(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }
}
