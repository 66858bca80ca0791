import Foundation
import PaperboyCore
@testable import PaperboyStore
import Testing

/// The author column written by hand is the text `JSONEncoder` writes (the store compares
/// columns as text to tell an unchanged re-import).
@Suite struct JSONFieldsTests {
    @Test func authorsMatchTheEncoder() throws {
        let authors = [
            Author(name: "Ada Lovelace", keyname: "Lovelace", forenames: "Ada", affiliation: "Analytical \"Engines\" \\ Ltd"),
            Author(name: "Bell\u{8} Form\u{C}feed\u{1}", suffix: "Jr.\n"),
            Author(name: "Émile Ça / 日本"),
        ]
        #expect(JSONFields.encode(authors: authors) == (try JSONFields.encode(authors)))
        #expect(JSONFields.encode(authors: []) == "[]")
        #expect(SQLiteStore.jsonArray(["a\"b", "c\u{8}"]) == (try JSONFields.encode(["a\"b", "c\u{8}"])))
    }
}
