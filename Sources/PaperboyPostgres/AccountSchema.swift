extension PostgresStore {
    /// Accounts and what each owns, deleted with it (ON DELETE CASCADE). The table is
    /// `account` because PostgreSQL reserves `user`. Names and addresses are unique without
    /// case through indexes on `lower(…)`: they refuse a taken one, whoever races.
    static let accountTables = [
        """
        CREATE TABLE account (
            id BIGSERIAL PRIMARY KEY,
            username TEXT NOT NULL,
            email TEXT NOT NULL,
            passwordHash TEXT NOT NULL,
            emailVerified BOOLEAN NOT NULL,
            role TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            bannedAt TIMESTAMPTZ,
            notifyByMail BOOLEAN NOT NULL DEFAULT FALSE
        )
        """,
        "CREATE UNIQUE INDEX account_username_key ON account (lower(username))",
        "CREATE UNIQUE INDEX account_email_key ON account (lower(email))",
        """
        CREATE TABLE session (
            secretHash TEXT PRIMARY KEY,
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            csrfToken TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            expiresAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE INDEX session_userId ON session (userId)",
        "CREATE INDEX session_expiresAt ON session (expiresAt)",
        """
        CREATE TABLE apiToken (
            id BIGSERIAL PRIMARY KEY,
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            secretHash TEXT NOT NULL UNIQUE,
            createdAt TIMESTAMPTZ NOT NULL,
            lastUsedAt TIMESTAMPTZ
        )
        """,
        "CREATE INDEX apiToken_userId ON apiToken (userId)",
        """
        CREATE TABLE oneTimeToken (
            secretHash TEXT PRIMARY KEY,
            userId BIGINT NOT NULL REFERENCES account (id) ON DELETE CASCADE,
            purpose TEXT NOT NULL,
            payload TEXT,
            expiresAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE INDEX oneTimeToken_userId ON oneTimeToken (userId)",
    ]
}
