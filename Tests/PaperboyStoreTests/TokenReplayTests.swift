import Foundation
import GRDB
import PaperboyCore
@testable import PaperboyStore
import Testing

/// Imports hand the full-text index tokens made before the write (`FullTextTokens`), replayed
/// by `ReplayingPorter`. The index must come out exactly as SQLite's own tokenizer makes it,
/// and a replay must happen only for the text its tokens were made from.
@Suite("SQLite full-text tokens made before the write")
struct TokenReplayTests {
    /// Papers whose text stresses the tokenizer: diacritics, CJK, emoji, a NUL byte, LaTeX.
    static let oddPapers: [Paper] = [
        Paper(id: "2501.00001", title: "Naïve Bayes für Äpfel: l'été \u{0}NUL inside",
              abstract: "Résumé — 日本語の論文 with emoji 🧪🧬 and $\\alpha$-stable laws; tabs\tand\u{00A0}spaces.",
              authors: [Author(name: "Zoë Ångström"), Author(name: "李 小龙")], categories: ["cs.CL"]),
        Paper(id: "2501.00002", title: "", abstract: "Only an abstract, running runners ran.", authors: [], categories: ["cs.IR"]),
    ]

    /// The bundled sample imported in batches, plus a batch that mixes new papers with new
    /// versions of indexed ones, into a store that replays and one that cannot (SQLite's
    /// porter under its own name): the index's stored bytes must be identical.
    @Test func indexIsByteForByteTheSameWithAndWithoutReplay() async throws {
        let sample = try KeywordIndexTests.samplePapers()
        var revised = Array(sample.prefix(50))
        for i in revised.indices {
            revised[i].version += 1
            revised[i].title += " (revised)"
        }
        let rest = Array(sample.dropFirst(50))
        let batches = stride(from: 0, to: rest.count, by: 1_000).map { Array(rest[$0..<min($0 + 1_000, rest.count)]) }
            + [revised + Self.oddPapers]
        let replaying = try SQLiteStore.inMemory(), plain = try SQLiteStore(DatabaseQueue())
        for store in [replaying, plain] {
            try await store.upsert(Array(sample.prefix(50)))
            for batch in batches { try await store.upsert(batch) }
            try await store.checkFullTextIndex()
        }
        let index = { (store: SQLiteStore) in
            try await store.read { db in
                try ["SELECT * FROM paperFTS_data ORDER BY id", "SELECT * FROM paperFTS_docsize ORDER BY id",
                     "SELECT * FROM paperFTS_idx ORDER BY segid, term"]
                    .map { sql in try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) } }
            }
        }
        let (a, b) = (try await index(replaying), try await index(plain))
        #expect(a[0].count > 100)
        #expect(a == b)
    }

    /// No tokens are made for papers stored when a batch is prepared. One that another writer
    /// deleted before the batch's write is inserted again, and indexed all the same.
    @Test func aPaperGoneByTheWriteIsIndexedAllTheSame() async throws {
        let queue = try DatabaseQueue(configuration: SQLiteStore.makeConfiguration())
        let store = try SQLiteStore(queue)
        try await store.upsert([Fixtures.bert, Fixtures.resnet])
        var bert = Fixtures.bert
        bert.version = 3
        bert.title = "BERT with zebras"
        let prepared = try store.prepareUpsert([bert, Fixtures.resnet, Fixtures.attention])
        try await queue.write { db in try db.execute(sql: "DELETE FROM paper WHERE id = ?", arguments: [Fixtures.resnet.id]) }
        #expect(try await prepared(checkpoint: nil) == UpsertResult(inserted: 2, updated: 1))
        try await store.checkFullTextIndex()
        #expect(try await store.search(SearchRequest(query: "zebras")).hits.map(\.paper.id) == [bert.id])
        #expect(try await store.search(SearchRequest(query: "residual")).hits.map(\.paper.id) == [Fixtures.resnet.id])
    }

    /// A write connection as the store opens them, with `t`: an index of `paperFTS`'s columns
    /// and tokenizer.
    static func connectionWithIndex() throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: SQLiteStore.makeConfiguration())
        try queue.write { db in
            try db.create(virtualTable: "t", using: FTS5()) { t in
                t.tokenizer = SQLiteStore.fullTextTokenizer
                for column in ["title", "abstract", "authorNames"] { t.column(column) }
            }
        }
        return queue
    }

    /// Tokens made with a different tokenizer (no stemming) make a replay visible in the
    /// index: offered columns whose text matches get the unstemmed tokens, everything else the
    /// stemmed ones SQLite's porter makes.
    @Test func replaysOnlyTheExpectedColumnWithTheSameText() throws {
        let queue = try Self.connectionWithIndex()
        let now = Date()
        let records = try [
            Paper(id: "1.1", title: "Running networks", abstract: "Runners ran", authors: [Author(name: "Ann Walker")], categories: ["cs.LG"]),
            Paper(id: "1.2", title: "Jumping models", abstract: "Jumpers jumped", authors: [], categories: ["cs.LG"]),
            Paper(id: "1.3", title: "Walking robots", abstract: "Walkers walked", authors: [], categories: ["cs.LG"]),
        ].map { try PaperRecord($0, importedAt: now) }
        try queue.write { db in
            let tokens = try FullTextTokens(records, tokenizer: db.makeTokenizer(.unicode61(diacritics: .remove)))
            let insert = "INSERT INTO t(rowid, title, abstract, authorNames) VALUES (?, ?, ?, ?)"
            try tokens.offered(toIndex: [0, 1, 2]) {
                // In step: replayed.
                try db.execute(sql: insert, arguments: [1, records[0].title, records[0].abstract, records[0].authorNames])
                // Paper 1.2 is expected next; 1.3's text, of the same lengths, must not take its tokens.
                try db.execute(sql: insert, arguments: [3, records[2].title, records[2].abstract, records[2].authorNames])
            }
            // Nothing on offer any more.
            try db.execute(sql: insert, arguments: [2, records[1].title, records[1].abstract, records[1].authorNames])
            try db.execute(sql: "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, t, instance)")
            let terms = try Dictionary(grouping: Row.fetchAll(db, sql: "SELECT doc, term FROM temp.v"), by: { $0["doc"] as Int64 })
                .mapValues { Set($0.map { $0["term"] as String }) }
            #expect(terms[1] == ["running", "networks", "runners", "ran", "ann", "walker"])
            #expect(terms[3] == ["walk", "robot", "walker"])
            #expect(terms[2] == ["jump", "model", "jumper"])
        }
    }

    /// Queries are tokenized by SQLite's porter even while tokens are on offer for their very
    /// text: a replayed (unstemmed) `running` would not find the indexed `run`.
    @Test func queriesAreNeverReplayed() throws {
        let queue = try Self.connectionWithIndex()
        let record = try PaperRecord(Paper(id: "1.1", title: "running", abstract: "running", authors: [], categories: ["cs.LG"]),
                                     importedAt: Date())
        try queue.write { db in
            try db.execute(sql: "INSERT INTO t(rowid, title, abstract, authorNames) VALUES (1, 'running', 'running', '')")
            let tokens = try FullTextTokens([record], tokenizer: db.makeTokenizer(.unicode61()))
            let hits = try tokens.offered(toIndex: [0]) { try Int.fetchOne(db, sql: "SELECT count(*) FROM t WHERE t MATCH 'running'") }
            #expect(hits == 1)
        }
    }
}
