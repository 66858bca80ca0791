extension PostgresStore {
    static let mailTables: [String] = []
}
