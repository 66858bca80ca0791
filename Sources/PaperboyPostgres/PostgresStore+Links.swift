import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Code links: those found at import live on the paper row (`links`, `hasCode`), written by
/// upsert, as in SQLite. People's corrections (SQLite's `linkCorrection`) belong to the
/// community aggregate, which reads these columns; until its table exists, papers show what
/// was found. When it lands, `links(paperIDs:)` and `effectiveHasCodeSQL` take it into
/// account as `SQLiteStore+Links.swift` and `LinkSchema.swift` do.
extension PostgresStore {
    public func links(paperIDs: [String]) async throws -> [String: CodeLinks] {
        guard !paperIDs.isEmpty else { return [:] }
        var shown: [String: CodeLinks] = [:]
        for row in try await rows("SELECT id, links FROM paper WHERE id = ANY(\(paperIDs)) AND NOT deleted AND links IS NOT NULL") {
            let (id, text) = try row.decode((String, String).self)
            let links = try JSONFields.decode(CodeLinks.self, from: text, column: "links", id: id)
            if !links.isEmpty { shown[id] = links }
        }
        return shown
    }

    /// Whether paper `p` has code as people see it. A fixed fragment, for filters.
    static let effectiveHasCodeSQL = "p.hasCode"
}
