/// JSON string literals exactly as Foundation's `JSONEncoder` writes them with
/// `.withoutEscapingSlashes`: quote and backslash escaped, `\n \r \t \b \f` by name, other
/// control characters as `\u00XX`, everything else as its UTF-8 bytes. Hand-written JSON (the
/// store's author column, the API's paper lists) must match the encoder's text byte for byte:
/// stored columns are compared as text, and API ETags hash the body.
public enum JSONString {
    public static func append(_ value: String, to out: inout [UInt8]) {
        var value = value
        value.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Walks the bytes once and appends the plain runs between escapes whole: a string with
    /// nothing to escape (most) is one copy, and LaTeX's many backslashes cost little more.
    private static func append(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        out.append(quote)
        var run = 0
        for i in bytes.indices {
            let byte = bytes[i]
            guard byte < 0x20 || byte == quote || byte == backslash else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
            run = i + 1
            switch byte {
            case quote, backslash: out += [backslash, byte]
            case 0x0A: out += [backslash, UInt8(ascii: "n")]
            case 0x0D: out += [backslash, UInt8(ascii: "r")]
            case 0x09: out += [backslash, UInt8(ascii: "t")]
            case 0x08: out += [backslash, UInt8(ascii: "b")]
            case 0x0C: out += [backslash, UInt8(ascii: "f")]
            default: out += [backslash, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        out.append(quote)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
