import PaperboyCore

/// Escaping for every place paper text goes. Titles and abstracts contain `<`, `&` and LaTeX,
/// so nothing from a paper reaches a page, feed or attribute without one of these.
enum Escape {
    /// Text content and double- or single-quoted attribute values (`PaperboyCore.HTMLEscape`).
    static func html(_ s: some StringProtocol) -> String { HTMLEscape.text(s) }

    /// XML 1.0 text and attributes: HTML escaping plus dropping the control characters XML
    /// forbids outright (a stray U+0008 in an abstract would make the whole feed invalid).
    static func xml(_ s: some StringProtocol) -> String {
        html(String(String.UnicodeScalarView(s.unicodeScalars.filter(isXMLChar))))
    }

    static func isXMLChar(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// A query-string value: everything but unreserved characters (and `,` `:` `*`, which
    /// are common in filters and safe in a query) is percent-encoded.
    static func queryValue(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                 UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "*"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = String(b, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }

    /// Markdown inline text: backslash-escapes the characters that would start markup.
    /// `$` is left alone so LaTeX stays readable for tools that render math.
    static func markdown(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]<>#|".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }
}

/// `path?k=v&k2=v2` with values percent-encoded; empty values are left out.
func link(_ path: String, _ items: [(String, String)]) -> String {
    let q = items.filter { !$0.1.isEmpty }.map { "\($0.0)=\(Escape.queryValue($0.1))" }
    return q.isEmpty ? path : path + "?" + q.joined(separator: "&")
}
