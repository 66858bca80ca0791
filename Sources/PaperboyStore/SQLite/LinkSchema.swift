import GRDB
import PaperboyCore

extension SQLiteStore {
    /// Body of the migration "code links and their corrections". The links found at import
    /// (`CodeLinks`) live on the paper row, as they derive from its text; people's corrections
    /// live apart, one standing correction per paper with who made it and when.
    static func createLinkTables(_ db: Database) throws {
        try db.alter(table: "paper") { t in
            t.add(column: "links", .jsonText)                                   // CodeLinks, NULL when none
            t.add(column: "hasCode", .boolean).notNull().defaults(to: false)    // what the filter reads
        }
        try db.create(table: "linkCorrection") { t in
            t.column("paperRowid", .integer).primaryKey().references("paper", onDelete: .cascade)
            // NULL clears what was found: the paper then shows no repository (or page).
            t.column("repository", .text)
            t.column("projectPage", .text)
            t.belongsTo("user", onDelete: .setNull)
            t.column("correctedAt", .datetime).notNull()
        }
        try fillLinks(db)
    }

    /// Finds the links of the papers stored before links existed, a batch of rowids at a time
    /// so memory stays flat on a million papers. Only papers with links are written (the
    /// defaults fit the rest), which keeps the change log this appends to small.
    private static func fillLinks(_ db: Database) throws {
        let update = try db.makeStatement(sql: "UPDATE paper SET links = ?, hasCode = ? WHERE rowid = ?")
        var after: Int64 = 0
        while true {
            let rows = try Row.fetchAll(db, sql: "SELECT rowid, id, abstract, comments, hub FROM paper WHERE rowid > ? ORDER BY rowid LIMIT 5000",
                                        arguments: [after])
            guard let last = rows.last else { return }
            for row in rows {
                let hub = try (row["hub"] as String?).map { try JSONFields.decode(HubInfo.self, from: $0, column: "hub", id: row["id"]) }
                let links = CodeLinks(abstract: row["abstract"], comments: row["comments"], hub: hub)
                guard !links.isEmpty else { continue }
                try update.execute(arguments: [JSONFields.encode(links: links), links.hasCode, row["rowid"]])
            }
            after = last["rowid"]
        }
    }

    /// Whether paper `p` has code as people see it: a correction's repository decides, else
    /// what was found. A fixed fragment, for filters.
    static let effectiveHasCodeSQL = "coalesce((SELECT c.repository IS NOT NULL FROM linkCorrection c WHERE c.paperRowid = p.rowid), p.hasCode)"
}
