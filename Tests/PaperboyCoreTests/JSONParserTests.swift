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

    /// A broken object or array says which, where, and what was expected.
    @Test(arguments: [
        (#"{"a": 1 "b": 2}"#, "invalid JSON at byte 9: expected ',' or '}' in an object"),
        (#"{"a": 1]"#, "invalid JSON at byte 8: expected ',' or '}' in an object"),
        (#"{"a": 1 "#, "invalid JSON at byte 9: unexpected end of input in an object"),
        ("[1, 2 3]", "invalid JSON at byte 7: expected ',' or ']' in an array"),
        ("[1}", "invalid JSON at byte 3: expected ',' or ']' in an array"),
        ("[[1]", "invalid JSON at byte 5: unexpected end of input in an array"),
    ])
    func containerErrorsNameTheContainer(json: String, message: String) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(json.utf8)) }
        #expect(error?.description == message)
    }

    /// Quotes, escapes and control characters at every offset of long strings, so that each
    /// falls at every place in and around the sixteen-byte blocks the string scanner skips.
    @Test func specialBytesAtEveryOffset() throws {
        let plain = String(repeating: "abcdefghijklmnop", count: 3)
        for offset in 0...plain.utf8.count {
            let head = String(plain.prefix(offset)), tail = String(plain.dropFirst(offset))
            let cases: [(escaped: String, value: String)] = [(#"\""#, "\""), (#"\\"#, "\\"), (#"\n"#, "\n"), (#"\u00e9"#, "é"), ("é", "é")]
            for (escaped, value) in cases {
                let json = "\"" + head + escaped + tail + escaped + "\""
                #expect(try JSONParser.parse(Array(json.utf8)).string == head + value + tail + value)
            }
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(("\"" + head + "\u{1}" + tail + "\"").utf8)) }
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(("\"" + head + #"\\"# + tail + "\u{1}\"").utf8)) }
            #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(Array(("\"" + head + tail).utf8)) }
        }
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
