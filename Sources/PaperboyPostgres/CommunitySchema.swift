extension PostgresStore {
    /// Votes, submissions, collections, code-link corrections and interests: the same tables
    /// as SQLite's (`CommunitySchema.swift`, `LinkSchema.swift`, `InterestSchema.swift` in
    /// PaperboyStore). Rows name the paper by its rowid and the person by `account (id)`: a
    /// deleted account takes its votes, collections and interests with it; its submissions
    /// and link corrections stay, without a name.
    static let communityTables = [
        """
        CREATE TABLE vote (
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            paperRowid BIGINT NOT NULL REFERENCES paper (rowid) ON DELETE CASCADE,
            day TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (userId, paperRowid)
        )
        """,
        "CREATE INDEX vote_paperRowid ON vote (paperRowid)",
        "CREATE INDEX vote_day ON vote (day)",
        // The count every card shows (`paperVotes`, in PaperSchema.swift: the listings read
        // it), kept by these triggers in the vote's own transaction: the upsert and the update
        // lock the paper's count row, so racing votes count exactly.
        """
        CREATE FUNCTION vote_counted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            INSERT INTO paperVotes (paperRowid, votes) VALUES (NEW.paperRowid, 1)
            ON CONFLICT (paperRowid) DO UPDATE SET votes = paperVotes.votes + 1;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE FUNCTION vote_uncounted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            UPDATE paperVotes SET votes = votes - 1 WHERE paperRowid = OLD.paperRowid;
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER vote_counted AFTER INSERT ON vote FOR EACH ROW EXECUTE FUNCTION vote_counted()",
        "CREATE TRIGGER vote_uncounted AFTER DELETE ON vote FOR EACH ROW EXECUTE FUNCTION vote_uncounted()",
        """
        CREATE TABLE submission (
            paperRowid BIGINT PRIMARY KEY REFERENCES paper (rowid) ON DELETE CASCADE,
            userId BIGINT REFERENCES account (id) ON DELETE SET NULL,
            day TEXT NOT NULL,
            submittedAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE INDEX submission_day ON submission (day)",
        "CREATE INDEX submission_userId_submittedAt ON submission (userId, submittedAt)",

        // Collections: names are unique per owner without case (SQLite's NOCASE column).
        """
        CREATE TABLE collection (
            id BIGSERIAL PRIMARY KEY,
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            isPublic BOOLEAN NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            updatedAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX collection_userId_name ON collection (userId, lower(name))",
        """
        CREATE TABLE collectionItem (
            collectionId BIGINT NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
            paperRowid BIGINT NOT NULL REFERENCES paper (rowid) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            note TEXT NOT NULL,
            addedAt TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (collectionId, paperRowid)
        )
        """,
        "CREATE INDEX collectionItem_paperRowid ON collectionItem (paperRowid)",

        // People's corrections of the code links found at import: one standing per paper.
        // NULL clears what was found.
        """
        CREATE TABLE linkCorrection (
            paperRowid BIGINT PRIMARY KEY REFERENCES paper (rowid) ON DELETE CASCADE,
            repository TEXT,
            projectPage TEXT,
            userId BIGINT REFERENCES account (id) ON DELETE SET NULL,
            correctedAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE INDEX linkCorrection_userId ON linkCorrection (userId)",

        // What a person told the "For you" ranking directly: a seed or "not interested", and
        // the categories they picked.
        """
        CREATE TABLE interest (
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            paperRowid BIGINT NOT NULL REFERENCES paper (rowid) ON DELETE CASCADE,
            interested BOOLEAN NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (userId, paperRowid)
        )
        """,
        "CREATE INDEX interest_paperRowid ON interest (paperRowid)",
        """
        CREATE TABLE interestCategory (
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            category TEXT NOT NULL,
            PRIMARY KEY (userId, category)
        )
        """,
    ]
}
