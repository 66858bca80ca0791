import PostgresNIO

extension PostgresStore {
    /// After a big import, as `SQLiteStore.optimize()`: folds the full-text index's pending
    /// entries into its tree (GIN's fast-update list, which every search otherwise scans) and
    /// refreshes the planner's statistics. Autovacuum gets there too, later.
    public func optimize() async throws {
        for table in ["paper", "paperCategory", "embedding"] {
            try await execute(PostgresQuery(unsafeSQL: "VACUUM (ANALYZE) \(table)"))
        }
    }
}
