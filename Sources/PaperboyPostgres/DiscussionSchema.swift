extension PostgresStore {
    static let discussionTables: [String] = []
}
