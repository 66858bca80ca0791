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
        // Read back by hand as `JSONDecoder` would read it.
        #expect(try JSONFields.decode(authors: JSONFields.encode(authors: authors), id: "x") == authors)
        #expect(try JSONFields.decode(authors: JSONFields.encode(authors: authors), id: "x")
            == (try JSONDecoder().decode([Author].self, from: Data(JSONFields.encode(authors: authors).utf8))))
    }

    /// A damaged authors column is an error naming the paper and what is wrong, not a crash.
    @Test(arguments: [#"[{"name": "A"}"#, #"{"name": "A"}"#, #"[{"keyname": "A"}]"#, #"[{"name": 3}]"#, #"[{"name": "A", "suffix": []}]"#])
    func corruptAuthorsAreReported(text: String) {
        #expect {
            try JSONFields.decode(authors: text, id: "2401.00001")
        } throws: { error in
            "\(error)".contains("paper.authors for 2401.00001")
        }
    }
}
