extension PostgresStore {
    /// The outbox every message passes through, and digest subscriptions with their claims.
    /// Addresses compare without case through `lower(…)` indexes, as SQLite's NOCASE does.
    static let mailTables = [
        """
        CREATE TABLE mailOutbox (
            id BIGSERIAL PRIMARY KEY,
            token TEXT NOT NULL UNIQUE,
            recipient TEXT NOT NULL,
            subject TEXT NOT NULL,
            textBody TEXT NOT NULL,
            htmlBody TEXT NOT NULL,
            headers TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            nextAttemptAt TIMESTAMPTZ NOT NULL,
            leaseOwner TEXT,
            leaseUntil TIMESTAMPTZ,
            finishedAt TIMESTAMPTZ,
            lastError TEXT
        )
        """,
        // What the sender polls: due pending messages and expired leases.
        "CREATE INDEX mailOutbox_status_nextAttemptAt ON mailOutbox (status, nextAttemptAt)",
        """
        CREATE TABLE subscription (
            id BIGSERIAL PRIMARY KEY,
            email TEXT NOT NULL,
            userId BIGINT REFERENCES account (id) ON DELETE CASCADE,
            token TEXT NOT NULL UNIQUE,
            status TEXT NOT NULL,
            weekday INTEGER,
            hour INTEGER NOT NULL,
            timeZone TEXT NOT NULL,
            filter TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL,
            confirmedAt TIMESTAMPTZ,
            endedAt TIMESTAMPTZ,
            reason TEXT,
            lastEdition TEXT,
            lastEditionDay TEXT
        )
        """,
        "CREATE INDEX subscription_email ON subscription (lower(email))",
        "CREATE INDEX subscription_userId ON subscription (userId)",
        // The claim: a (subscription, edition) pair exists once, with the outbox message it queued.
        """
        CREATE TABLE digestEdition (
            subscriptionId BIGINT NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
            edition TEXT NOT NULL,
            firstDay TEXT NOT NULL,
            lastDay TEXT NOT NULL,
            papers TEXT NOT NULL,
            outboxId BIGINT NOT NULL,
            claimedAt TIMESTAMPTZ NOT NULL,
            PRIMARY KEY (subscriptionId, edition)
        )
        """,
        // Every paper ever sent on a subscription: the "never repeats" check.
        """
        CREATE TABLE digestPaper (
            subscriptionId BIGINT NOT NULL REFERENCES subscription (id) ON DELETE CASCADE,
            paperRowid BIGINT NOT NULL REFERENCES paper (rowid) ON DELETE CASCADE,
            PRIMARY KEY (subscriptionId, paperRowid)
        )
        """,
        "CREATE INDEX digestPaper_paperRowid ON digestPaper (paperRowid)",
        """
        CREATE TABLE mailSuppression (
            address TEXT NOT NULL,
            reason TEXT NOT NULL,
            createdAt TIMESTAMPTZ NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX mailSuppression_address ON mailSuppression (lower(address))",
    ]
}
