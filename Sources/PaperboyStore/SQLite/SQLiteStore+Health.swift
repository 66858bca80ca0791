import GRDB

extension SQLiteStore {
    /// The tables the pages, searches and feeds read. Each is probed with a one-row query,
    /// which fails for a dropped or corrupt table (a count of `paperFTS_docsize` alone said
    /// "ok" with the paper table gone).
    static let tablesPagesNeed = ["paper", "paperCategory", "paperFTS", "paperFTS_docsize", "paperChange", "checkpoint", "embedding"]

    public func checkHealth() async throws {
        try await read { db in
            for table in Self.tablesPagesNeed {
                do {
                    _ = try Row.fetchOne(db, sql: "SELECT 1 FROM \(table) LIMIT 1")
                } catch {
                    throw StoreHealthError(reason: "table \(table) is missing or unreadable", detail: "\(error)")
                }
            }
        }
    }
}
