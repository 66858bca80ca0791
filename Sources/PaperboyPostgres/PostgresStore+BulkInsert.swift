import Foundation
import PostgresNIO

extension PostgresStore {
    /// Inserts new papers through `COPY`: the rows stream into a temporary table as text, and
    /// one `INSERT … SELECT` moves them into `paper` in id order (two writers inserting the
    /// same papers meet on the first of them), making each full-text vector on the way. Papers
    /// another writer inserted meanwhile are skipped; returns those inserted.
    func insertNew(_ rows: [PaperRow], _ connection: PostgresConnection) async throws -> [(rowid: Int64, id: String)] {
        guard !rows.isEmpty else { return [] }
        let columns = PaperRow.columns("").replacingOccurrences(of: ".", with: "")
        try await connection.query("""
            CREATE TEMP TABLE IF NOT EXISTS incomingPaper (
                id TEXT COLLATE "C", version INTEGER, title TEXT, abstract TEXT, authors TEXT, authorNames TEXT, categories TEXT,
                primaryCategory TEXT, published TIMESTAMPTZ, updated TIMESTAMPTZ, announced TEXT, feedDay TEXT, comments TEXT,
                journalRef TEXT, doi TEXT, license TEXT, reportNo TEXT, submitter TEXT, hub TEXT, upvotes INTEGER, links TEXT,
                hasCode BOOLEAN, foldedTitle TEXT, foldedAbstract TEXT, foldedNames TEXT
            ) ON COMMIT DELETE ROWS
            """, logger: logger)
        // COPY quotes the names it is given, so they must be as PostgreSQL folded them.
        let copied = (columns + ", foldedTitle, foldedAbstract, foldedNames").lowercased()
            .components(separatedBy: ", ")
        try await connection.copyFrom(table: "incomingpaper", columns: copied, logger: logger) { writer in
            var buffer = ByteBuffer()
            for row in rows {
                row.appendCopyText(to: &buffer)
                if buffer.readableBytes > 1 << 20 {
                    try await writer.write(buffer)
                    buffer.clear()
                }
            }
            if buffer.readableBytes > 0 { try await writer.write(buffer) }
        }
        let vector = PaperRow.textVectorSQL(title: "coalesce(s.foldedTitle, s.title)", abstract: "coalesce(s.foldedAbstract, s.abstract)",
                                            names: "coalesce(s.foldedNames, s.authorNames)")
        let importedAt = PaperRow.wholeSeconds(Date())
        let inserted = try await connection.rows("""
            INSERT INTO paper (\(unescaped: columns), deleted, importedAt, textVector)
            SELECT \(unescaped: PaperRow.columns("s")), false, \(importedAt), \(unescaped: vector) FROM incomingPaper s ORDER BY s.id
            ON CONFLICT (id) DO NOTHING RETURNING rowid, id
            """, logger: logger)
        return try inserted.map { row in
            let (rowid, id) = try row.decode((Int64, String).self)
            return (rowid, id)
        }
    }
}

extension PaperRow {
    /// The row as one line of `COPY`'s text format, in `columns()` order, then the folded texts
    /// (NULL where folding changes nothing, which is most papers).
    func appendCopyText(to buffer: inout ByteBuffer) {
        var fields: [String?] = [id, String(version), title, abstract, authors, authorNames, categories, primaryCategory,
                                 published.map(Self.copyTime), updated.map(Self.copyTime), announced, feedDay, comments,
                                 journalRef, doi, license, reportNo, submitter, hub, String(upvotes), links, hasCode ? "t" : "f"]
        for text in [title, abstract, authorNames] {
            let folded = SearchText.fold(text)
            fields.append(folded == text ? nil : folded)
        }
        for (i, field) in fields.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            guard let field else {
                buffer.writeStaticString("\\N")
                continue
            }
            Self.appendEscaped(field, to: &buffer)
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    /// Backslash, tab, newline and carriage return are what the text format escapes.
    private static func appendEscaped(_ text: String, to buffer: inout ByteBuffer) {
        let escaped: (UInt8) -> Bool = { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
        guard text.utf8.contains(where: escaped) else {
            buffer.writeString(text)
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"): buffer.writeStaticString("\\\\")
            case UInt8(ascii: "\t"): buffer.writeStaticString("\\t")
            case UInt8(ascii: "\n"): buffer.writeStaticString("\\n")
            case UInt8(ascii: "\r"): buffer.writeStaticString("\\r")
            default: buffer.writeInteger(byte)
            }
        }
    }

    /// `2026-03-13 09:30:00+00`: the time in UTC, as `timestamptz` reads it (times are whole seconds).
    private static func copyTime(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(format: "%04d-%02d-%02d %02d:%02d:%02d+00", Int(parts.tm_year) + 1900, Int(parts.tm_mon) + 1, Int(parts.tm_mday),
                      Int(parts.tm_hour), Int(parts.tm_min), Int(parts.tm_sec))
    }
}
