import Testing
@testable import Web

struct EscapingTests {
    @Test func htmlEscapesTheFiveCharactersAndKeepsEverythingElse() {
        #expect(Escape.html("Schrödinger's <cat> & \"𝔼[x]\" — ok") == "Schrödinger&#39;s &lt;cat&gt; &amp; &quot;𝔼[x]&quot; — ok")
        #expect(Escape.html("plain ASCII and ünïcödé, no markup") == "plain ASCII and ünïcödé, no markup")
        #expect(Escape.html("") == "")
        #expect(Escape.html("a<b".dropFirst()) == "&lt;b")
    }

    /// Whatever the input, the output has no raw markup characters and decodes back to it.
    @Test(arguments: ["$a<b$ & c", "&amp; already", "'\"'\"", "<<>>&&", "日本語 <ruby>", "\u{0}\u{7F}<"])
    func htmlRoundTrips(_ text: String) {
        let escaped = Escape.html(text)
        #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\"") && !escaped.contains("'"))
        let decoded = escaped.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        #expect(decoded == text)
    }
}
