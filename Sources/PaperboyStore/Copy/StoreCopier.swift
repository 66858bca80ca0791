/// Moves every table a hub keeps from one store to another (`paperboy copy-db`), whichever
/// backends they are, then checks that each table holds as many rows on both sides.
///
/// Rows keep their ids, so everything that points at them (votes at papers, sessions at
/// accounts, replies at comments) still does. Running it again is safe: rows are upserted by
/// key. It copies what the source holds while it reads; stop the hub's writers (or run it a
/// second time, which catches up) for an exact copy. Nothing is deleted from the destination.
public struct StoreCopier: Sendable {
    /// In the order rows may be written: every table after those its rows point at. Comments
    /// go by id, so a reply's parent is always written first.
    public static let tables: [CopiedTable] = [
        CopiedTable("paper", key: ["rowid"]),
        CopiedTable("paperCategory", key: ["paperRowid", "category"]),
        CopiedTable("checkpoint", key: ["source"]),
        CopiedTable("embedding", key: ["model", "paperId"]),
        CopiedTable("user", key: ["id"]),
        CopiedTable("session", key: ["secretHash"]),
        CopiedTable("apiToken", key: ["id"]),
        CopiedTable("oneTimeToken", key: ["secretHash"]),
        CopiedTable("vote", key: ["userId", "paperRowid"]),
        CopiedTable("submission", key: ["paperRowid"]),
        CopiedTable("collection", key: ["id"]),
        CopiedTable("collectionItem", key: ["collectionId", "paperRowid"]),
        CopiedTable("linkCorrection", key: ["paperRowid"]),
        CopiedTable("interest", key: ["userId", "paperRowid"]),
        CopiedTable("interestCategory", key: ["userId", "category"]),
        CopiedTable("comment", key: ["id"]),
        CopiedTable("commentRevision", key: ["id"]),
        CopiedTable("notice", key: ["id"]),
        CopiedTable("report", key: ["id"]),
        CopiedTable("audit", key: ["id"]),
        CopiedTable("mailOutbox", key: ["id"]),
        CopiedTable("subscription", key: ["id"]),
        CopiedTable("digestEdition", key: ["subscriptionId", "edition"]),
        CopiedTable("digestPaper", key: ["subscriptionId", "paperRowid"]),
        CopiedTable("mailSuppression", key: ["address"]),
        CopiedTable("jobLease", key: ["name"]),
        CopiedTable("throttle", key: ["name", "key"]),
    ]

    /// Tables (lower-cased) each store rebuilds from the copied ones, or keeps for itself:
    /// full-text indexes, vote counts, change logs, the discussion version (all kept by
    /// triggers or `finishCopy`) and the migration records.
    public static let derivedTables: Set<String> = [
        "paperfts", "paperfts_data", "paperfts_idx", "paperfts_content", "paperfts_docsize", "paperfts_config",
        "paperftsbatch", "paperchange", "papervotes", "discussionversion",
        "grdb_migrations", "schemamigration", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4",
    ]

    /// A table's rows on both sides once copied.
    public struct TableCount: Sendable, Equatable {
        public var table: String
        public var source: Int
        public var destination: Int

        public init(table: String, source: Int, destination: Int) {
            self.table = table; self.source = source; self.destination = destination
        }
    }

    let source: any CopyableStore
    let destination: any CopyableStore
    /// Most cells written per statement (PostgreSQL takes at most 65,535 parameters).
    let cellsPerBatch: Int

    public init(from source: any CopyableStore, to destination: any CopyableStore, cellsPerBatch: Int = 30_000) {
        self.source = source
        self.destination = destination
        self.cellsPerBatch = cellsPerBatch
    }

    /// Copies every table, reporting rows copied after each batch, and returns the counts it
    /// checked. Throws `CopyError` when the schemas differ or a count does not match.
    public func run(progress: @Sendable (_ table: CopiedTable, _ copied: Int, _ total: Int) -> Void = { _, _, _ in }) async throws -> [TableCount] {
        var plans: [(CopiedTable, source: [CopiedColumn], destination: [CopiedColumn])] = []
        for table in Self.tables {
            let (from, to) = try await matchedColumns(table)
            plans.append((table, from, to))
        }
        for (table, from, to) in plans {
            try await copy(table, from: from, to: to, progress: progress)
        }
        try await destination.finishCopy()
        var counts: [TableCount] = []
        for table in Self.tables {
            counts.append(TableCount(table: table.name, source: try await source.copyCount(of: table),
                                     destination: try await destination.copyCount(of: table)))
        }
        let differing = counts.filter { $0.source != $0.destination }
        if !differing.isEmpty { throw CopyError.countsDiffer(differing) }
        return counts
    }

    /// The source's columns and the destination's in the same order, or why they cannot be copied.
    public func matchedColumns(_ table: CopiedTable) async throws -> (source: [CopiedColumn], destination: [CopiedColumn]) {
        let from = try await source.copyColumns(of: table)
        let to = try await destination.copyColumns(of: table)
        guard !from.isEmpty else { throw CopyError.missingTable(table.name, in: "source") }
        guard !to.isEmpty else { throw CopyError.missingTable(table.name, in: "destination") }
        let byName = Dictionary(to.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        let matched = from.compactMap { byName[$0.name.lowercased()] }
        guard matched.count == from.count, to.count == from.count, zip(from, matched).allSatisfy({ $0.kind == $1.kind }) else {
            throw CopyError.columnsDiffer(table.name, source: from, destination: to)
        }
        for key in table.key where !from.contains(where: { $0.name.lowercased() == key.lowercased() }) {
            throw CopyError.columnsDiffer(table.name, source: from, destination: to)
        }
        return (from, matched)
    }

    private func copy(_ table: CopiedTable, from: [CopiedColumn], to: [CopiedColumn],
                      progress: (CopiedTable, Int, Int) -> Void) async throws {
        let total = try await source.copyCount(of: table)
        let keyPositions = table.key.compactMap { key in from.firstIndex { $0.name.lowercased() == key.lowercased() } }
        let limit = max(1, cellsPerBatch / from.count)
        var after: [CopyValue]?
        var copied = 0
        progress(table, 0, total)
        while true {
            let rows = try await source.copyRows(of: table, columns: from, after: after, limit: limit)
            guard let last = rows.last else { break }
            try await destination.writeCopiedRows(rows, into: table, columns: to)
            copied += rows.count
            progress(table, copied, total)
            after = keyPositions.map { last[$0] }
            if rows.count < limit { break }
        }
    }
}

/// Why a copy stopped, naming the table.
public enum CopyError: Error, Equatable, CustomStringConvertible {
    case missingTable(String, in: String)
    case columnsDiffer(String, source: [CopiedColumn], destination: [CopiedColumn])
    case countsDiffer([StoreCopier.TableCount])
    case unreadable(table: String, column: String, value: String)

    public var description: String {
        switch self {
        case .missingTable(let table, let side):
            return "the \(side) has no table \(table): is it a Paperboy database?"
        case .columnsDiffer(let table, let source, let destination):
            return "table \(table) has different columns in the source (\(source.map(\.description).joined(separator: ", ")))"
                + " and the destination (\(destination.map(\.description).joined(separator: ", "))): were they made by the same Paperboy version?"
        case .countsDiffer(let counts):
            let tables = counts.map { "\($0.table): \($0.source) in the source, \($0.destination) in the destination" }
            return "the copy does not match (the destination held other rows, or the source changed while copying; run it again): "
                + tables.joined(separator: "; ")
        case .unreadable(let table, let column, let value):
            return "table \(table), column \(column): cannot read \(value)"
        }
    }
}
