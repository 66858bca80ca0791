import GRDB

extension SQLiteStore {
    /// Body of the migration "interests": what a person told the "For you" ranking directly.
    /// Upvotes and saved papers count too, but they live in their own tables.
    static func createInterestTables(_ db: Database) throws {
        // A paper picked as a seed (interested) or marked "not interested".
        try db.create(table: "interest", options: .withoutRowID) { t in
            t.belongsTo("user", onDelete: .cascade, indexed: false).notNull()  // the primary key leads with it
            t.column("paperRowid", .integer).notNull().references("paper", onDelete: .cascade).indexed()
            t.column("interested", .boolean).notNull()
            t.column("createdAt", .datetime).notNull()
            t.primaryKey(["userId", "paperRowid"])
        }
        try db.create(table: "interestCategory", options: .withoutRowID) { t in
            t.belongsTo("user", onDelete: .cascade, indexed: false).notNull()
            t.column("category", .text).notNull()
            t.primaryKey(["userId", "category"])
        }
    }
}
