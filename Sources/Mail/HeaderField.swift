import Foundation

/// One header field as RFC 5322 text: refused when it could inject another field, encoded as
/// RFC 2047 words when it is not plain ASCII, folded at spaces so lines stay under 78
/// characters where they can. A longer ASCII word (a URL in List-Unsubscribe) stays whole on a
/// line of its own, as encoded words are not allowed in structured fields; up to 998 octets.
enum HeaderField {
    /// Room for one line's text after "Name: ", so folded lines stay within 78 characters.
    private static let lineWidth = 78
    /// UTF-8 bytes per encoded word: 39 bytes are 52 base64 characters, 64 with `=?UTF-8?B?…?=`.
    private static let bytesPerWord = 39

    static func render(_ name: String, _ value: String) throws(ComposeError) -> String {
        guard !name.isEmpty, name.utf8.count <= 76,
              name.unicodeScalars.allSatisfy({ $0.value >= 33 && $0.value <= 126 && $0 != ":" }) else {
            throw ComposeError.invalidHeaderName(name)
        }
        // By scalar: "\r\n" is one Character, equal to neither "\r" nor "\n".
        if value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw ComposeError.lineBreakInHeader(name)
        }
        let words = needsEncoding(value) ? encodedWords(value) : value.split(separator: " ").map(String.init)
        return fold(name: name, words: words)
    }

    /// Plain text goes as is when it is printable ASCII in words that fit RFC 5322's hard
    /// limit; anything else (non-ASCII, controls, something that looks like an encoded word)
    /// is encoded.
    private static func needsEncoding(_ value: String) -> Bool {
        value.unicodeScalars.contains { $0.value < 32 || $0.value > 126 } || value.contains("=?")
            || value.split(separator: " ").contains { $0.utf8.count > 900 }
            || value.hasPrefix(" ") || value.hasSuffix(" ") || value.contains("  ")
    }

    /// `=?UTF-8?B?…?=` words that each hold whole Unicode scalars (RFC 2047 §5 forbids
    /// splitting a character across words).
    static func encodedWords(_ value: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in value.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > bytesPerWord {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String { "=?UTF-8?B?\(Data(bytes).base64EncodedString())?=" }

    /// "Name: word word" with a CRLF + space before a word that would pass `lineWidth`.
    /// Adjacent encoded words are joined by the folding white space, which decoders drop.
    static func fold(name: String, words: [String]) -> String {
        var out = name + ":"
        var length = out.count
        for word in words {
            if length + 1 + word.count > lineWidth && length > name.count + 1 {
                out += "\r\n"
                length = 0
            }
            out += " " + word
            length += 1 + word.count
        }
        return out
    }
}
