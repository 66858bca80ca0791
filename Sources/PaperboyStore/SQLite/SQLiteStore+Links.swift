import Foundation
import GRDB
import PaperboyCore

/// Code links (`LinkSchema.swift`): what each paper shows, and people's corrections of it.
extension SQLiteStore {
    public func links(paperIDs: [String]) async throws -> [String: CodeLinks] {
        guard !paperIDs.isEmpty else { return [:] }
        return try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.id, p.links, c.paperRowid IS NOT NULL AS corrected, c.repository, c.projectPage
                FROM paper p LEFT JOIN linkCorrection c ON c.paperRowid = p.rowid
                WHERE p.id IN (SELECT value FROM json_each(?)) AND NOT p.deleted AND (p.links IS NOT NULL OR c.paperRowid IS NOT NULL)
                """, arguments: [Self.jsonArray(paperIDs)])
            var shown: [String: CodeLinks] = [:]
            for row in rows {
                let id: String = row["id"]
                var links = try (row["links"] as String?).map { try JSONFields.decode(CodeLinks.self, from: $0, column: "links", id: id) }
                    ?? CodeLinks()
                if row["corrected"] { links = links.correcting(repository: row["repository"], projectPage: row["projectPage"]) }
                if !links.isEmpty { shown[id] = links }
            }
            return shown
        }
    }

    @discardableResult
    public func correctLinks(paperID: String, repository: String?, projectPage: String?, userID: Int64,
                             now: Date) async throws -> LinkCorrection {
        let (repository, projectPage) = try CodeLinks.correction(repository: repository, projectPage: projectPage)
        return try await communityWrite { db in
            let rowid = try Self.livePaperRowid(paperID, db)
            try db.execute(sql: """
                INSERT INTO linkCorrection (paperRowid, repository, projectPage, userId, correctedAt) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(paperRowid) DO UPDATE SET repository = excluded.repository, projectPage = excluded.projectPage,
                    userId = excluded.userId, correctedAt = excluded.correctedAt
                """, arguments: [rowid, repository, projectPage, userID, now])
            // The paper now shows other links and may pass the code filter or not: the change
            // log is what page caches and the keyword index follow.
            try db.execute(sql: "INSERT INTO paperChange (paperRowid) VALUES (?)", arguments: [rowid])
            guard let correction = try Self.linkCorrection(paperID, db) else { throw CommunityError.noSuchPaper(paperID) }
            return correction
        }
    }

    public func linkCorrection(paperID: String) async throws -> LinkCorrection? {
        try await read { db in try Self.linkCorrection(paperID, db) }
    }

    public func linkCorrections(userID: Int64) async throws -> [LinkCorrection] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.corrections + " WHERE c.userId = ? ORDER BY c.correctedAt, p.id", arguments: [userID])
                .map(Self.correction)
        }
    }

    private static func linkCorrection(_ paperID: String, _ db: Database) throws -> LinkCorrection? {
        try Row.fetchOne(db, sql: corrections + " WHERE p.id = ?", arguments: [paperID]).map(correction)
    }

    /// Corrections with their paper and person, for a WHERE clause to pick.
    private static let corrections = """
        SELECT p.id, c.repository, c.projectPage, c.userId, u.username, c.correctedAt
        FROM linkCorrection c JOIN paper p ON p.rowid = c.paperRowid LEFT JOIN user u ON u.id = c.userId
        """

    private static func correction(_ row: Row) -> LinkCorrection {
        LinkCorrection(paperID: row["id"], repository: row["repository"], projectPage: row["projectPage"],
                       userID: row["userId"], username: row["username"], correctedAt: row["correctedAt"])
    }
}
