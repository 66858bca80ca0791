extension PostgresStore {
    /// Comments, their revisions, notices, reports, the audit log and the discussion version:
    /// SQLite's tables (`DiscussionSchema.swift` in PaperboyStore). Bans and the mail setting
    /// are columns of `account` (AccountSchema.swift).
    static let discussionTables = [
        // Comments are never deleted while their paper lives (a deleted one is a tombstone),
        // so replies always find their parent.
        """
        CREATE TABLE comment (
            id BIGSERIAL PRIMARY KEY,
            paperRowid BIGINT NOT NULL REFERENCES paper (rowid) ON DELETE CASCADE,
            parentId BIGINT REFERENCES comment (id) ON DELETE CASCADE,
            userId BIGINT REFERENCES account (id) ON DELETE SET NULL,
            text TEXT NOT NULL,
            html TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            editedAt TIMESTAMPTZ,
            deletedAt TIMESTAMPTZ,
            hiddenAt TIMESTAMPTZ
        )
        """,
        "CREATE INDEX comment_paperRowid_id ON comment (paperRowid, id)",
        "CREATE INDEX comment_parentId ON comment (parentId)",
        "CREATE INDEX comment_userId_createdAt ON comment (userId, createdAt)",
        """
        CREATE TABLE commentRevision (
            id BIGSERIAL PRIMARY KEY,
            commentId BIGINT NOT NULL REFERENCES comment (id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            html TEXT NOT NULL,
            replacedAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE INDEX commentRevision_commentId ON commentRevision (commentId)",
        """
        CREATE TABLE notice (
            id BIGSERIAL PRIMARY KEY,
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            commentId BIGINT NOT NULL REFERENCES comment (id) ON DELETE CASCADE,
            actorId BIGINT REFERENCES account (id) ON DELETE SET NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            readAt TIMESTAMPTZ
        )
        """,
        "CREATE INDEX notice_userId_id ON notice (userId, id)",
        "CREATE INDEX notice_commentId ON notice (commentId)",
        """
        CREATE TABLE report (
            id BIGSERIAL PRIMARY KEY,
            commentId BIGINT REFERENCES comment (id) ON DELETE CASCADE,
            paperRowid BIGINT REFERENCES paper (rowid) ON DELETE CASCADE,
            userId BIGINT REFERENCES account (id) ON DELETE SET NULL,
            reason TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            resolvedAt TIMESTAMPTZ,
            resolverId BIGINT REFERENCES account (id) ON DELETE SET NULL,
            resolution TEXT
        )
        """,
        "CREATE INDEX report_open ON report (id) WHERE resolvedAt IS NULL",
        "CREATE INDEX report_commentId ON report (commentId)",
        """
        CREATE TABLE audit (
            id BIGSERIAL PRIMARY KEY,
            userId BIGINT REFERENCES account (id) ON DELETE SET NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            detail TEXT NOT NULL,
            at TIMESTAMPTZ NOT NULL
        )
        """,
        // One number that changes with every new, edited, deleted or hidden comment and (by
        // the migration "votes move the page caches' version") every vote cast or withdrawn:
        // the page caches of every instance follow it, besides the papers' version. A row,
        // not a sequence, so the new number becomes visible in the same commit as the change.
        """
        CREATE TABLE discussionVersion (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq BIGINT NOT NULL
        )
        """,
        "INSERT INTO discussionVersion (id, seq) VALUES (1, 0)",
        """
        CREATE FUNCTION comment_changed() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            UPDATE discussionVersion SET seq = seq + 1 WHERE id = 1;
            RETURN NULL;
        END
        $$
        """,
        // Deferred to the commit: the version's row is then locked last and briefly, after
        // the accounts a comment's notices name (a reply racing its parent author's account
        // deletion cannot deadlock), and comment writers wait for each other only while committing.
        """
        CREATE CONSTRAINT TRIGGER comment_changed AFTER INSERT OR UPDATE ON comment DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION comment_changed()
        """,
        // A deleted account's comments become tombstones: their text goes with the account.
        """
        CREATE FUNCTION account_comments_deleted() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
        BEGIN
            DELETE FROM commentRevision WHERE commentId IN (SELECT id FROM comment WHERE userId = OLD.id);
            UPDATE comment SET text = '', html = '', deletedAt = coalesce(deletedAt, now()) WHERE userId = OLD.id;
            RETURN OLD;
        END
        $$
        """,
        "CREATE TRIGGER account_comments_deleted BEFORE DELETE ON account FOR EACH ROW EXECUTE FUNCTION account_comments_deleted()",
    ]
}
