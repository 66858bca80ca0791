extension PostgresStore {
    /// The catalogue: the same columns as SQLite's `paper` table (with the links found at
    /// import, `links` and `hasCode`, as SQLite's "code links" migration adds them), plus the
    /// full-text vector. Days are ISO text (`2026-03-13`), which sorts as dates do; times are
    /// `TIMESTAMPTZ`. Ids and categories compare bytewise (`COLLATE "C"`), as SQLite's do.
    static let paperTables = [
        // English stemming (Snowball) without a stopword list: FTS5's porter tokenizer keeps
        // every word, and phrases such as "networks are" must match as typed. Diacritics and
        // case are folded before the text reaches PostgreSQL (`SearchText.fold`), so no
        // extension (unaccent) is needed.
        "CREATE TEXT SEARCH DICTIONARY paperboy_stem (TEMPLATE = snowball, Language = english)",
        "CREATE TEXT SEARCH CONFIGURATION paperboy (COPY = english)",
        """
        ALTER TEXT SEARCH CONFIGURATION paperboy
            ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH paperboy_stem
        """,
        """
        CREATE TABLE paper (
            rowid BIGSERIAL PRIMARY KEY,
            id TEXT COLLATE "C" NOT NULL UNIQUE,
            version INTEGER NOT NULL,
            title TEXT NOT NULL,
            abstract TEXT NOT NULL,
            authors TEXT NOT NULL,
            authorNames TEXT NOT NULL,
            categories TEXT NOT NULL,
            primaryCategory TEXT COLLATE "C",
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
            importedAt TIMESTAMPTZ NOT NULL,
            links TEXT,
            hasCode BOOLEAN NOT NULL DEFAULT false,
            -- Title (weight A), abstract (B) and author names (C), folded; empty once deleted.
            textVector TSVECTOR NOT NULL
        )
        """,
        "CREATE INDEX paper_feedDay ON paper (feedDay)",
        "CREATE INDEX paper_textVector ON paper USING GIN (textVector)",
        """
        CREATE TABLE paperCategory (
            paperRowid BIGINT NOT NULL REFERENCES paper (rowid) ON DELETE CASCADE,
            category TEXT COLLATE "C" NOT NULL,
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
            model TEXT COLLATE "C" NOT NULL,
            paperId TEXT COLLATE "C" NOT NULL REFERENCES paper (id) ON DELETE CASCADE,
            vector BYTEA NOT NULL,
            precision TEXT NOT NULL DEFAULT 'f32',
            PRIMARY KEY (model, paperId)
        )
        """,
        "CREATE INDEX embedding_paperId ON embedding (paperId)",
        // Local votes per paper, which listings add to the imported upvotes. The community
        // aggregate owns the votes themselves and keeps these counts (by triggers on its vote
        // table, as SQLite's `vote_counted`/`vote_uncounted`); the table lives here because
        // the listings read it.
        """
        CREATE TABLE paperVotes (
            paperRowid BIGINT PRIMARY KEY REFERENCES paper (rowid) ON DELETE CASCADE,
            votes INTEGER NOT NULL
        )
        """,
        // The change log: every update or deletion of a paper row appends its rowid, whoever
        // writes; inserts raise max(rowid). (max rowid, max seq) is the store's version.
        // Writers take turns (migration "paper writers take turns"), so numbers follow commits.
        "CREATE TABLE paperChange (seq BIGSERIAL PRIMARY KEY, paperRowid BIGINT NOT NULL)",
        """
        CREATE FUNCTION paper_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            IF TG_OP = 'DELETE' THEN
                INSERT INTO paperChange (paperRowid) VALUES (OLD.rowid);
            ELSE
                INSERT INTO paperChange (paperRowid) VALUES (NEW.rowid);
            END IF;
            RETURN NULL;
        END
        $$
        """,
        "CREATE TRIGGER paper_change AFTER UPDATE OR DELETE ON paper FOR EACH ROW EXECUTE FUNCTION paper_changed()",
    ]
}
