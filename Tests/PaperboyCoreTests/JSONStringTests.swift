import Foundation
import PaperboyCore
import Testing

/// Hand-written JSON strings are the bytes `JSONEncoder` writes.
@Suite struct JSONStringTests {
    @Test(arguments: [
        "", "plain ascii", #"quote " and backslash \ and slash /"#, "tab\tnew\nline\rcr\u{8}bs\u{C}ff",
        String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }), "del \u{7F} ls \u{2028} é 日本 🚀",
    ])
    func matchesTheEncoder(text: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        var out: [UInt8] = []
        JSONString.append(text, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == String(decoding: try encoder.encode(text), as: UTF8.self))
    }
}
