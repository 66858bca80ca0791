import PostgresNIO

/// One step of the schema's history: applied once, in order, never edited once landed.
struct PostgresMigration: Sendable {
    var name: String
    /// Run one at a time (the extended protocol takes one statement per query).
    var statements: [String]
}

extension PostgresStore {
    /// The schema's history, oldest first. Each aggregate's tables come from its own file.
    static let migrations: [PostgresMigration] = [
        PostgresMigration(name: "papers, categories, full-text search, checkpoints, embeddings, vote counts, change log", statements: paperTables),
        PostgresMigration(name: "accounts, sessions, API tokens, one-time tokens", statements: accountTables),
        PostgresMigration(name: "votes, submissions, collections, code links, interests", statements: communityTables),
        PostgresMigration(name: "comments, notices, reports, audit log", statements: discussionTables),
        PostgresMigration(name: "mail outbox and digest subscriptions", statements: mailTables),
        PostgresMigration(name: "job leases", statements: [
            "CREATE TABLE jobLease (name TEXT PRIMARY KEY, owner TEXT, until TIMESTAMPTZ, finishedRun TEXT)",
        ]),
        // Instances that do not embed follow the one that does (`embeddings(model:savedAfter:)`).
        // One instance embeds at a time (its lease), so batches commit in sequence order.
        PostgresMigration(name: "embeddings record the batch that saved them", statements: [
            "CREATE SEQUENCE embeddingBatch",
            "ALTER TABLE embedding ADD COLUMN savedSeq BIGINT NOT NULL DEFAULT 0",
            "CREATE INDEX embedding_model_savedSeq ON embedding (model, savedSeq)",
        ]),
        // A vote cast on one instance must reach the others' page caches, which follow the
        // discussion version. Deferred to the commit, as for comments: each vote holds the
        // version's row lock for an instant, not for its whole transaction.
        PostgresMigration(name: "votes move the page caches' version", statements: [
            """
            CREATE CONSTRAINT TRIGGER vote_changed AFTER INSERT OR DELETE ON vote DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION comment_changed()
            """,
        ]),
        // Readers follow the papers by their numbers (new rowids, change seqs): a number taken
        // by a transaction that commits after a larger one would be skipped for good. Each
        // transaction that writes papers first waits its turn (an advisory lock held to its
        // commit), so numbers are taken in commit order. The lock comes before any paper row
        // is locked (a statement trigger fires first), so turns cannot deadlock on rows.
        PostgresMigration(name: "paper writers take turns, so change numbers follow commits", statements: [
            """
            CREATE FUNCTION paper_writer_turn() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_advisory_xact_lock(hashtext('paperboy paper writers ' || TG_TABLE_SCHEMA));
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER paper_writer_turn BEFORE INSERT OR UPDATE OR DELETE ON paper FOR EACH STATEMENT EXECUTE FUNCTION paper_writer_turn()",
            "CREATE TRIGGER paperChange_writer_turn BEFORE INSERT ON paperChange FOR EACH STATEMENT EXECUTE FUNCTION paper_writer_turn()",
            "CREATE TRIGGER embedding_writer_turn BEFORE INSERT OR UPDATE ON embedding FOR EACH STATEMENT EXECUTE FUNCTION paper_writer_turn()",
        ]),
        // Every instance counts the same failures (sign-ins, reset mails, votes…).
        PostgresMigration(name: "throttles shared by every instance", statements: [
            """
            CREATE TABLE throttle (
                name TEXT NOT NULL, key TEXT NOT NULL, failures TEXT NOT NULL,
                blockedUntil DOUBLE PRECISION NOT NULL, expires DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (name, key)
            )
            """,
            "CREATE INDEX throttle_expires ON throttle (expires)",
        ]),
        // Instances hear of new papers and vectors as they commit (`changeAnnouncements()`),
        // instead of finding them at their next look. One notification per statement, with
        // the table's name; PostgreSQL folds repeats within a transaction into one.
        PostgresMigration(name: "paper and vector writes are announced", statements: [
            """
            CREATE FUNCTION announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('paperboy ' || TG_TABLE_SCHEMA, TG_TABLE_NAME);
                RETURN NULL;
            END
            $$
            """,
            "CREATE TRIGGER paper_announced AFTER INSERT OR UPDATE OR DELETE ON paper FOR EACH STATEMENT EXECUTE FUNCTION announce_change()",
            "CREATE TRIGGER embedding_announced AFTER INSERT OR UPDATE ON embedding FOR EACH STATEMENT EXECUTE FUNCTION announce_change()",
        ]),
    ]

    /// Applies the migrations this database lacks, in one transaction under an advisory lock
    /// keyed by the schema (created here when the URL names one): of ten instances starting at once, one migrates and the others
    /// wait, then find nothing left to do.
    func migrate() async throws {
        try await transaction { connection in
            let lockKey = "paperboy migrations \(schema ?? "")"
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\(lockKey)))", logger: logger)
            if let schema {  // a plain name, checked by PostgresLocation
                try await connection.query(PostgresQuery(unsafeSQL: "CREATE SCHEMA IF NOT EXISTS \(schema)"), logger: logger)
            }
            try await connection.query("CREATE TABLE IF NOT EXISTS schemaMigration (name TEXT PRIMARY KEY, appliedAt TIMESTAMPTZ NOT NULL DEFAULT now())",
                                       logger: logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM schemaMigration", logger: logger).decode(String.self) {
                applied.insert(name)
            }
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schemaMigration (name) VALUES (\(migration.name))", logger: logger)
            }
        }
    }
}

extension PostgresStore {
    /// The names of the migrations applied, oldest first (for operators and tests).
    public func appliedMigrations() async throws -> [String] {
        try await rows("SELECT name FROM schemaMigration ORDER BY appliedAt, name").map { try $0.decode(String.self) }
    }
}
