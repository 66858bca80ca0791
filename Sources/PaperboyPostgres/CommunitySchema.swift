extension PostgresStore {
    static let communityTables: [String] = []
}
