import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Code links, as in SQLite (`SQLiteStore+Links.swift`): those found at import live on the
/// paper row (`links`, `hasCode`), written by upsert; people's corrections live apart
/// (`linkCorrection`, `CommunitySchema.swift`), one standing per paper. What papers show and
/// the code filter read both.
extension PostgresStore {
    public func links(paperIDs: [String]) async throws -> [String: CodeLinks] {
        guard !paperIDs.isEmpty else { return [:] }
        var shown: [String: CodeLinks] = [:]
        for row in try await rows("""
            SELECT p.id, p.links, c.paperRowid IS NOT NULL, c.repository, c.projectPage
            FROM paper p LEFT JOIN linkCorrection c ON c.paperRowid = p.rowid
            WHERE p.id = ANY(\(paperIDs)) AND NOT p.deleted AND (p.links IS NOT NULL OR c.paperRowid IS NOT NULL)
            """) {
            let (id, text, corrected, repository, projectPage) = try row.decode((String, String?, Bool, String?, String?).self)
            var links = try text.map { try JSONFields.decode(CodeLinks.self, from: $0, column: "links", id: id) } ?? CodeLinks()
            if corrected { links = links.correcting(repository: repository, projectPage: projectPage) }
            if !links.isEmpty { shown[id] = links }
        }
        return shown
    }

    @discardableResult
    public func correctLinks(paperID: String, repository: String?, projectPage: String?, userID: Int64,
                             now: Date) async throws -> LinkCorrection {
        let (repository, projectPage) = try CodeLinks.correction(repository: repository, projectPage: projectPage)
        return try await communityWrite { connection in
            let rowid = try await livePaperRowid(paperID, connection)
            try await connection.query("""
                INSERT INTO linkCorrection (paperRowid, repository, projectPage, userId, correctedAt)
                VALUES (\(rowid), \(repository), \(projectPage), \(userID), \(now))
                ON CONFLICT (paperRowid) DO UPDATE SET repository = excluded.repository, projectPage = excluded.projectPage,
                    userId = excluded.userId, correctedAt = excluded.correctedAt
                """, logger: logger)
            // The paper now shows other links and may pass the code filter or not: the change
            // log is what page caches follow.
            try await connection.query("INSERT INTO paperChange (paperRowid) VALUES (\(rowid))", logger: logger)
            guard let correction = try await linkCorrection(paperID, connection) else { throw CommunityError.noSuchPaper(paperID) }
            return correction
        }
    }

    public func linkCorrection(paperID: String) async throws -> LinkCorrection? {
        try await rows("\(unescaped: Self.corrections) WHERE p.id = \(paperID)").first.map(Self.correction)
    }

    public func linkCorrections(userID: Int64) async throws -> [LinkCorrection] {
        try await rows("\(unescaped: Self.corrections) WHERE c.userId = \(userID) ORDER BY c.correctedAt, p.id").map(Self.correction)
    }

    private func linkCorrection(_ paperID: String, _ connection: PostgresConnection) async throws -> LinkCorrection? {
        try await connection.rows("\(unescaped: Self.corrections) WHERE p.id = \(paperID)", logger: logger).first.map(Self.correction)
    }

    /// Corrections with their paper and person, for a WHERE clause to pick.
    private static let corrections = """
        SELECT p.id, c.repository, c.projectPage, c.userId, u.username, c.correctedAt
        FROM linkCorrection c JOIN paper p ON p.rowid = c.paperRowid LEFT JOIN account u ON u.id = c.userId
        """

    private static func correction(_ row: PostgresRow) throws -> LinkCorrection {
        let (paperID, repository, projectPage, userID, username, correctedAt) =
            try row.decode((String, String?, String?, Int64?, String?, Date).self)
        return LinkCorrection(paperID: paperID, repository: repository, projectPage: projectPage, userID: userID, username: username,
                              correctedAt: correctedAt)
    }

    /// Whether paper `p` has code as people see it: a correction's repository decides, else
    /// what was found. A fixed fragment, for filters.
    static let effectiveHasCodeSQL = "coalesce((SELECT c.repository IS NOT NULL FROM linkCorrection c WHERE c.paperRowid = p.rowid), p.hasCode)"
}
