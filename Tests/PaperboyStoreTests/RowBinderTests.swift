import Foundation
import GRDB
import PaperboyCore
@testable import PaperboyStore
import Testing

/// The import binds rows through SQLite's C API; what it stores must be exactly what GRDB's
/// own record encoding stores, and SQLite's errors must still surface.
@Suite struct RowBinderTests {
    static let paper = Paper(
        id: "2401.00001", version: 3, title: "Émile's \u{0}NUL and 😀 title", abstract: "Line one\n  line two",
        authors: [Author(name: "Ada Lovelace", keyname: "Lovelace", forenames: "Ada")], categories: ["cs.CL", "cs.LG"],
        published: Date(timeIntervalSince1970: 1_704_067_200), announced: Day(year: 2024, month: 1, day: 2),
        comments: nil, doi: "10.1/x", hub: HubInfo(upvotes: 7, githubRepo: "https://github.com/a/b"))

    /// Empty strings must stay text (a null pointer would bind NULL).
    static let sparse = Paper(id: "2401.00009", title: "", abstract: "", comments: "", journalRef: "x")

    @Test(arguments: [paper, sparse])
    func storesWhatGRDBsEncodingStores(paper: Paper) throws {
        let importedAt = Date(timeIntervalSince1970: 1_732_000_000.25)
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(queue)
        let rows = try queue.write { db -> [Row] in
            var generic = try PaperRecord(paper, importedAt: importedAt)
            try generic.insert(db)
            var bound = try PaperRecord(paper, importedAt: importedAt)
            bound.id = "2401.00002"
            try bound.insertPrepared(db, importedAtText: String.fromDatabaseValue(importedAt.databaseValue)!)
            #expect(bound.rowid == generic.rowid! + 1)
            // Compared as SQL sees them (type and bytes): GRDB reads text as C strings.
            let columns = try db.columns(in: "paper").map(\.name).filter { $0 != "rowid" && $0 != "id" }
            let select = columns.map { "typeof(\($0)) || ':' || hex(\($0)) AS \($0)" }.joined(separator: ", ")
            return try Row.fetchAll(db, sql: "SELECT \(select) FROM paper ORDER BY rowid")
        }
        #expect(rows.count == 2)
        for column in rows[0].columnNames {
            #expect(rows[0][column] as String == rows[1][column] as String, "column \(column)")
        }
        // Both stop at a NUL (GRDB binds C strings); the bytes before it are kept as given.
        let title = String(paper.title.prefix { $0 != "\u{0}" })
        #expect(rows[1]["title"] as String == "text:" + title.utf8.map { String(format: "%02X", $0) }.joined())
    }

    @Test func reportsSQLiteErrors() throws {
        let queue = try DatabaseQueue()
        try SQLiteStore.migrator.migrate(queue)
        try queue.write { db in
            let text = String.fromDatabaseValue(Date().databaseValue)!
            var first = try PaperRecord(Self.paper, importedAt: Date())
            try first.insertPrepared(db, importedAtText: text)
            var again = try PaperRecord(Self.paper, importedAt: Date())
            let error = #expect(throws: DatabaseError.self) { try again.insertPrepared(db, importedAtText: text) }
            #expect(error?.resultCode == .SQLITE_CONSTRAINT)
            #expect(error?.message?.contains("paper.id") == true)
            // The statement was reset: the next insert through it works.
            var other = try PaperRecord(Self.paper, importedAt: Date())
            other.id = "2401.00003"
            try other.insertPrepared(db, importedAtText: text)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM paper") == 2)
        }
    }
}
