extension PostgresStore {
    /// The catalogue: the same columns as SQLite's `paper` table. Days are ISO text
    /// (`2026-03-13`), which sorts as dates do; times are `TIMESTAMPTZ`.
    static let paperTables = [
        """
        CREATE TABLE paper (
            rowid BIGSERIAL PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            abstract TEXT NOT NULL,
            authors TEXT NOT NULL,
            authorNames TEXT NOT NULL,
            categories TEXT NOT NULL,
            primaryCategory TEXT,
            published TIMESTAMPTZ,
            updated TIMESTAMPTZ,
            announced TEXT,
            feedDay TEXT,
            comments TEXT,
            journalRef TEXT,
            doi TEXT,
            license TEXT,
            reportNo TEXT,
            submitter TEXT,
            hub TEXT,
            upvotes INTEGER NOT NULL,
            deleted BOOLEAN NOT NULL,
            importedAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE INDEX paper_feedDay ON paper (feedDay)",
        """
        CREATE TABLE paperCategory (
            paperRowid BIGINT NOT NULL REFERENCES paper (rowid) ON DELETE CASCADE,
            category TEXT NOT NULL,
            feedDay TEXT,
            PRIMARY KEY (paperRowid, category)
        )
        """,
        "CREATE INDEX paperCategory_category_feedDay ON paperCategory (category, feedDay)",
        """
        CREATE TABLE checkpoint (
            source TEXT PRIMARY KEY,
            token TEXT,
            datestamp TEXT,
            updatedAt TIMESTAMPTZ NOT NULL
        )
        """,
        """
        CREATE TABLE embedding (
            model TEXT NOT NULL,
            paperId TEXT NOT NULL REFERENCES paper (id) ON DELETE CASCADE,
            vector BYTEA NOT NULL,
            precision TEXT NOT NULL DEFAULT 'f32',
            PRIMARY KEY (model, paperId)
        )
        """,
        "CREATE INDEX embedding_paperId ON embedding (paperId)",
    ]
}
