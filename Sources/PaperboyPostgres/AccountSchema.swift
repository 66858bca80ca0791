extension PostgresStore {
    static let accountTables: [String] = []
}
