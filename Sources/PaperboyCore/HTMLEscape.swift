/// The one HTML escaper: pages (through the Web module's `Escape`) and mail use it, so nothing
/// from a paper reaches HTML unescaped.
public enum HTMLEscape {
    /// Text content and double- or single-quoted attribute values. Works on UTF-8 bytes (every
    /// character it replaces is ASCII), and most titles need no change at all: a page renders
    /// dozens of abstracts, and a character-by-character String build was a tenth of its CPU.
    public static func text(_ s: some StringProtocol) -> String {
        let utf8 = s.utf8
        guard utf8.contains(where: isSpecial) else { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 32)
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }
}
