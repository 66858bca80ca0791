import Foundation
import Testing
import PaperboyCore
import PaperboyStore

/// Thousands of random queries built from FTS5 and SQL syntax, quotes, control characters and
/// emoji: every one must come back as a result (maybe empty), never as an error.
@Suite("PaperStore conformance: hostile queries")
struct HostileQueryTests {
    static let fragments = [
        "\"", "\"\"", "'", "*", "NEAR(", "NEAR", ")", "(", "AND", "OR", "NOT", "^", ":", "-", "+", "{", "}", ";",
        "author:", "cat:", "since:", "until:", "year:", "title:", "abstract:", "authorNames:", "{authorNames}",
        "cs.*", "cs.CL", "2024-03-01", "1706.03762", "https://arxiv.org/abs/1512.03385v2", "DROP TABLE paper;--",
        "\u{0}", "\u{1B}[0m", "\u{202E}", "\u{FEFF}", "🙂", "👩‍🔬", "é", "ß", "中文", "\\", "%", "_", "\t", "\n",
        "attention", "networks", "café", "deep", "residual", "the", "a",
    ]

    static func randomQuery(_ rng: inout SeededGenerator) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: s.unicodeScalars.append(Unicode.Scalar(UInt32.random(in: 1...0x2FFF, using: &rng)) ?? "?")
            case 1: s += " "
            default: s += fragments.randomElement(using: &rng)!
            }
            if Bool.random(using: &rng) { s += " " }
        }
        return s
    }

    @Test(arguments: StoreKind.allCases)
    func randomHostileQueriesNeverFail(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        var rng = SeededGenerator(state: 20_240_301)
        for i in 0..<2_000 {
            let query = Self.randomQuery(&rng)
            let request = SearchRequest(query: query, sort: i % 3 == 0 ? .newest : .relevance, offset: i % 2, limit: 5,
                                        match: i % 2 == 0 ? .all : .any)
            do {
                let results = try await store.search(request)
                #expect(results.hits.count <= 5 && results.total >= results.hits.count, "query #\(i): \(query.debugDescription)")
            } catch {
                Issue.record("query #\(i) \(query.debugDescription) failed: \(error)")
                return
            }
        }
    }

    /// Found by the random test: `"` + U+1071 is one Swift Character but a quote to FTS5.
    static let knownNasty = [
        " \u{05AC} (since:\"\u{1071} ; \u{202E}ß NEAR(", "\"\u{0301}", "a\"\u{0301} b", "author:\"\u{0301}x",
        "\")) OR 1=1 --", "title:attention", "{title abstract}: x", "NEAR(attention networks, 2)", "attention*", "^attention",
        "- -- -\"\"", "OR", "AND OR NOT", "cat:", "author:", "\"\"\"\"",
    ]

    @Test(arguments: StoreKind.allCases)
    func knownNastyQueriesAreSafe(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        for query in Self.knownNasty {
            for match in MatchMode.allCases {
                _ = try await store.search(SearchRequest(query: query, match: match))
            }
        }
        // Syntax is just text: parentheses and `*` are dropped by the tokenizer, leaving two words
        // that the attention paper and the café paper both contain.
        #expect(Set(try await store.search(SearchRequest(query: "(attention) networks*")).hits.map(\.paper.id)) == [Fixtures.attention.id, Fixtures.café.id])
    }

    @Test(arguments: StoreKind.allCases)
    func hugeQueriesAreCutNotRejected(kind: StoreKind) async throws {
        let store = try await Fixtures.store(kind)
        let huge = String(repeating: "attention \"NEAR( ", count: 600) // ~10 kB
        let results = try await store.search(SearchRequest(query: huge))
        #expect(!results.notes.isEmpty)
        let words = String(repeating: "networks ", count: 1_200)
        #expect(try await store.search(SearchRequest(query: words)).hits.count == 3)
    }
}
