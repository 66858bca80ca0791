/// JSON string literals exactly as Foundation's `JSONEncoder` writes them with
/// `.withoutEscapingSlashes`: quote and backslash escaped, `\n \r \t \b \f` by name, other
/// control characters as `\u00XX`, everything else as its UTF-8 bytes. Hand-written JSON (the
/// store's author column, the API's paper lists) must match the encoder's text byte for byte:
/// stored columns are compared as text, and API ETags hash the body.
public enum JSONString {
    public static func append(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: append them whole rather than byte by byte, scanning
        // their contiguous UTF-8 (a tight loop; walking `String.UTF8View` costs several times more).
        let plain = value.utf8.withContiguousStorageIfAvailable { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), byte]
            case 0x0A: out += Array(#"\n"#.utf8)
            case 0x0D: out += Array(#"\r"#.utf8)
            case 0x09: out += Array(#"\t"#.utf8)
            case 0x08: out += Array(#"\b"#.utf8)
            case 0x0C: out += Array(#"\f"#.utf8)
            case 0..<0x20: out += Array(#"\u00"#.utf8) + [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]]
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
