import GRDB

extension SQLiteStore {
    /// Body of the migration "accounts, sessions, API tokens, one-time tokens". Everything a
    /// person owns refers to their `user` row with ON DELETE CASCADE, so deleting the row signs
    /// them out and voids their tokens in the same statement (GRDB enforces foreign keys on
    /// every connection by default). Secrets are stored as hashes only.
    static func createAccountTables(_ db: Database) throws {
        try db.create(table: "user") { t in
            t.autoIncrementedPrimaryKey("id")
            // NOCASE folds ASCII letters only: enough for the names and addresses sign-up
            // accepts, and the unique indexes are what refuse a taken one, whoever races.
            t.column("username", .text).notNull().unique().collate(.nocase)
            t.column("email", .text).notNull().unique().collate(.nocase)
            t.column("passwordHash", .text).notNull()
            t.column("emailVerified", .boolean).notNull()
            t.column("role", .text).notNull()
            t.column("createdAt", .datetime).notNull()
        }
        // Looked up by the hash of the cookie's secret on every request.
        try db.create(table: "session", options: .withoutRowID) { t in
            t.primaryKey("secretHash", .text)
            t.belongsTo("user", onDelete: .cascade).notNull()
            t.column("csrfToken", .text).notNull()
            t.column("createdAt", .datetime).notNull()
            t.column("expiresAt", .datetime).notNull().indexed()
        }
        // A revoked token is deleted (see `revokeAPIToken`), so no revokedAt column.
        try db.create(table: "apiToken") { t in
            t.autoIncrementedPrimaryKey("id")
            t.belongsTo("user", onDelete: .cascade).notNull()
            t.column("name", .text).notNull()
            t.column("secretHash", .text).notNull().unique()
            t.column("createdAt", .datetime).notNull()
            t.column("lastUsedAt", .datetime)
        }
        try db.create(table: "oneTimeToken", options: .withoutRowID) { t in
            t.primaryKey("secretHash", .text)
            t.belongsTo("user", onDelete: .cascade).notNull()
            t.column("purpose", .text).notNull()
            t.column("payload", .text)
            t.column("expiresAt", .datetime).notNull()
        }
    }
}
