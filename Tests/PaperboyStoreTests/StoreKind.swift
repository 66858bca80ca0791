import Foundation
import PaperboyCore
import PaperboyPostgres
import PaperboyStore

/// Every store implementation the conformance suites run against; a test taking
/// `StoreKind.allCases` runs on each. `sqliteIndexed` answers searches from the in-memory
/// keyword index, so both SQLite search paths meet the same expectations. `postgres` runs
/// on the server `PAPERBOY_TEST_POSTGRES` names (scripts/test.sh starts one), each store in
/// a schema of its own, with the in-memory keyword index as servers run it (the web tests
/// on PostgreSQL search without one).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqliteInMemory, sqliteFile, sqliteIndexed, postgres

    var testDescription: String { rawValue }

    /// The SQLite kinds, and PostgreSQL when a test server is there.
    static var allCases: [StoreKind] {
        [.sqliteInMemory, .sqliteFile, .sqliteIndexed] + (postgresURL == nil ? [] : [.postgres])
    }

    static let postgresURL = ProcessInfo.processInfo.environment["PAPERBOY_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }

    /// A new, empty store of this kind, whichever aggregates it keeps.
    func open() async throws -> any Sendable {
        switch self {
        case .sqliteInMemory:
            return try SQLiteStore.inMemory()
        case .sqliteIndexed:
            return try SQLiteStore.inMemory(keywordIndex: true)
        case .sqliteFile:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-store-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            return try SQLiteStore.open(path: dir.appendingPathComponent("test.sqlite").path)
        case .postgres:
            guard let url = Self.postgresURL else { throw StoreKindError(kind: self, why: "PAPERBOY_TEST_POSTGRES is not set") }
            return try await PostgresStore.connect(Self.withFreshSchema(url), keywordIndex: true)
        }
    }

    /// A new, empty store of this kind as `Store`, the aggregates a suite needs.
    func open<Store>(as _: Store.Type) async throws -> Store {
        guard let store = try await open() as? Store else { throw StoreKindError(kind: self, why: "is no \(Store.self)") }
        return store
    }

    /// A new, empty paper store of this kind.
    func make() async throws -> any PaperStore {
        try await open(as: (any PaperStore).self)
    }

    /// `url` with a schema no other test uses.
    static func withFreshSchema(_ url: String) -> String {
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return url + (url.contains("?") ? "&" : "?") + "schema=" + schema
    }
}

struct StoreKindError: Error, CustomStringConvertible {
    var kind: StoreKind, why: String
    var description: String { "\(kind.rawValue): \(why)" }
}

import Testing

/// Small, hand-made papers whose expected search and listing results can be reasoned out.
enum Fixtures {
    static func date(_ s: String) -> Date { Day(s)!.date.addingTimeInterval(12 * 3600) }

    static let attention = Paper(
        id: "1706.03762", version: 5, title: "Attention Is All You Need",
        abstract: "The dominant sequence transduction models are based on complex recurrent or convolutional neural networks. We propose the Transformer, based solely on attention mechanisms.",
        authors: [Author(name: "Ashish Vaswani"), Author(name: "Noam Shazeer")],
        categories: ["cs.CL", "cs.LG"], published: date("2017-06-12"), updated: date("2023-08-02"),
        announced: Day("2017-06-13"), comments: "15 pages", hub: HubInfo(upvotes: 40))
    static let bert = Paper(
        id: "1810.04805", version: 2, title: "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        abstract: "We introduce a new language representation model called BERT. Unlike recent language models, BERT pre-trains deep bidirectional representations from unlabeled text.",
        authors: [Author(name: "Jacob Devlin"), Author(name: "Ming-Wei Chang")],
        categories: ["cs.CL"], published: date("2018-10-11"), announced: Day("2018-10-12"))
    static let resnet = Paper(
        id: "1512.03385", title: "Deep Residual Learning for Image Recognition",
        abstract: "Deeper neural networks are more difficult to train. We present a residual learning framework to ease the training of networks.",
        authors: [Author(name: "Kaiming He"), Author(name: "Xiangyu Zhang")],
        categories: ["cs.CV"], published: date("2015-12-10"), announced: Day("2015-12-11"))
    static let quantum = Paper(
        id: "quant-ph/9508027", title: "Polynomial-Time Algorithms for Prime Factorization and Discrete Logarithms on a Quantum Computer",
        abstract: "A digital computer is generally believed to be an efficient universal computing device. We give efficient randomized algorithms for factoring integers on a quantum computer.",
        // Every author field, and characters JSON must escape.
        authors: [Author(name: "Peter W. \"Pete\" Shor\\", keyname: "Shor", forenames: "Peter W.", suffix: "Jr",
                         affiliation: "AT&T Bell Labs\n\t\u{1}☎️ / Murray Hill")],
        categories: ["quant-ph"],
        published: date("1995-08-30"), announced: Day("1995-08-31"))
    static let café = Paper(
        id: "2403.00001", title: "Café networks: résumé of attention",
        abstract: "An unusual paper about attention in coffee shops.",
        authors: [Author(name: "Zoë Müller")], categories: ["cs.HC", "cs.CL"],
        published: date("2024-03-01"), announced: Day("2024-03-04"))

    static let all = [attention, bert, resnet, quantum, café]

    static func store(_ kind: StoreKind) async throws -> any PaperStore {
        let store = try await kind.make()
        try await store.upsert(all)
        return store
    }
}
