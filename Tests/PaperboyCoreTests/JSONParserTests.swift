import PaperboyCore
import Testing

@Suite struct JSONParserTests {
    @Test func escapesAndErrors() throws {
        let v = try JSONParser.parse(Array(#"{"a": "x\u00e9\ud83d\ude00\n\"", "b": [1, -2.5e3, true, null]}"#.utf8))
        #expect(v["a"]?.string == "xé😀\n\"")
        #expect(v["b"]?.array?.count == 4 && v["b"]?.array?[1].int == -2500)
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(#"{"a": 1,}"#.utf8)) }
        #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(String(repeating: "[", count: 10_000).utf8)) }
    }

    /// What `JSONString` writes, the parser reads back unchanged (the store's JSON columns
    /// are written by one and read by the other).
    @Test(arguments: [
        "", "plain ascii", #"quote " and backslash \ and slash /"#, "tab\tnew\nline\rcr\u{8}bs\u{C}ff",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }), "del \u{7F} ls \u{2028} é 日本 🚀",
    ])
    func readsWhatJSONStringWrites(text: String) throws {
        var out: [UInt8] = []
        JSONString.append(text, to: &out)
        #expect(try JSONParser.parse(out).string == text)
    }
}
