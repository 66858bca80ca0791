import Foundation

/// Makes a document safe to hand to `XMLParser` before it sees it. arXiv's formats never use a
/// DTD or entities beyond XML's five, but hostile or broken files do, and libxml2 (under
/// `XMLParser`) mishandles them: a reference to an external entity silently drops the rest of
/// its text node ("title &xxe; END" → "title "), internal entities vanish, and nested ones
/// (billion laughs) abort the parse. So:
/// - every `<!DOCTYPE …>` (with its internal subset) is blanked out, newlines kept so the
///   parser's line numbers still point at the file, and no entity is ever declared, loaded or
///   expanded;
/// - every reference to an entity other than `lt gt amp quot apos` and character references
///   (`&#…;`) becomes literal text (`&xxe;` is kept as the five characters `&xxe;`).
/// - processing instructions other than the XML declaration are blanked out: Foundation's
///   `XMLParser` on Linux crashes (strlen of NULL) on one without data, `<?x?>` (found by
///   fuzzing).
/// CDATA sections and comments are copied as they are.
enum XMLEntityGuard {
    /// The offset of the first byte that is not UTF-8, or of a NUL byte (never allowed in
    /// XML). Foundation's `XMLParser` force-unwraps the names libxml2 hands it as UTF-8 and
    /// traps on `<\u{FF}…` (found by fuzzing), so such documents are refused before parsing.
    static func firstInvalidByte(_ data: Data) -> Int? {
        var iterator = data.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1 && encoded.first == 0 { return offset }
                offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    static func neutralize(_ data: Data) -> Data {
        // Nearly every document has none of these: one pass to look, none to copy.
        let bytes = [UInt8](data)
        guard data.firstRange(of: Data("<!".utf8)) != nil || data.contains(0x26) || hasProcessingInstruction(bytes) else { return data }
        var out = [UInt8]()
        out.reserveCapacity(data.count + 64)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0x3C, let end = skipVerbatim(bytes, at: i) {              // <![CDATA[ <!-- <?xml
                out.append(contentsOf: bytes[i..<end]); i = end
            } else if b == 0x3C, i + 1 < bytes.count, bytes[i + 1] == 0x3F {  // any other <?…?>
                let end = piEnd(bytes, from: i)
                blank(bytes[i..<end], into: &out); i = end
            } else if b == 0x3C, hasPrefix(bytes, at: i, "<!DOCTYPE") || hasPrefix(bytes, at: i, "<!doctype") {
                let end = doctypeEnd(bytes, from: i)
                blank(bytes[i..<end], into: &out); i = end
            } else if b == 0x26, let nameEnd = entityNameEnd(bytes, from: i + 1), !isPredefined(bytes[(i + 1)..<nameEnd]) {
                out.append(contentsOf: Array("&amp;".utf8)); i += 1
            } else {
                out.append(b); i += 1
            }
        }
        return Data(out)
    }

    /// Spaces in place of `bytes`, newlines kept (the parser's line numbers stay true).
    private static func blank(_ bytes: ArraySlice<UInt8>, into out: inout [UInt8]) {
        out.append(contentsOf: bytes.map { $0 == 0x0A ? 0x0A : 0x20 })
    }

    private static func hasPrefix(_ bytes: [UInt8], at i: Int, _ prefix: String) -> Bool {
        let p = Array(prefix.utf8)
        return i + p.count <= bytes.count && bytes[i..<(i + p.count)].elementsEqual(p)
    }

    /// The end of a CDATA section, comment or the XML declaration starting at `i`, or nil.
    private static func skipVerbatim(_ bytes: [UInt8], at i: Int) -> Int? {
        let declarationEnd = i == 0 && isXMLDeclaration(bytes) ? piEnd(bytes, from: 0) : nil
        if let declarationEnd { return declarationEnd }
        for (open, close) in [("<![CDATA[", "]]>"), ("<!--", "-->")] where hasPrefix(bytes, at: i, open) {
            var j = i + open.utf8.count
            while j < bytes.count, !hasPrefix(bytes, at: j, close) { j += 1 }
            return min(bytes.count, j + close.utf8.count)
        }
        return nil
    }

    /// Whether there is a `<?` other than the XML declaration.
    private static func hasProcessingInstruction(_ bytes: [UInt8]) -> Bool {
        let start = isXMLDeclaration(bytes) ? piEnd(bytes, from: 0) : 0
        return bytes[start...].indices.contains { bytes[$0] == 0x3C && $0 + 1 < bytes.count && bytes[$0 + 1] == 0x3F }
    }

    /// `<?xml` and a space at the very start: the declaration, which libxml2 reads itself.
    private static func isXMLDeclaration(_ bytes: [UInt8]) -> Bool {
        hasPrefix(bytes, at: 0, "<?xml") && bytes.count > 5 && [0x20, 0x09, 0x0A, 0x0D].contains(bytes[5])
    }

    /// The index after the `?>` closing the processing instruction at `start`.
    private static func piEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var j = start + 2
        while j < bytes.count, !hasPrefix(bytes, at: j, "?>") { j += 1 }
        return min(bytes.count, j + 2)
    }

    /// The index after the `>` that closes the DOCTYPE at `start`: quoted strings and the
    /// `[…]` internal subset may hold `>`.
    private static func doctypeEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var j = start + 2, depth = 0
        var quote: UInt8?
        while j < bytes.count {
            let c = bytes[j]
            if let q = quote { if c == q { quote = nil } }
            else if c == 0x22 || c == 0x27 { quote = c }
            else if c == 0x5B { depth += 1 }
            else if c == 0x5D { depth = max(0, depth - 1) }
            else if c == 0x3E && depth == 0 { return j + 1 }
            j += 1
        }
        return bytes.count
    }

    /// For `&name;` starting after the `&` at `from`: the index of the `;`, or nil when this is
    /// no named reference (a character reference, or a stray `&` the parser will report).
    private static func entityNameEnd(_ bytes: [UInt8], from: Int) -> Int? {
        var j = from
        while j < bytes.count, j - from <= 64 {
            let c = bytes[j]
            if c == 0x3B { return j > from ? j : nil }
            let isName = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x3A
                || (j > from && ((c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E)) || c >= 0x80
            guard isName else { return nil }
            j += 1
        }
        return nil
    }

    private static let predefined: Set<[UInt8]> = Set(["lt", "gt", "amp", "quot", "apos"].map { Array($0.utf8) })
    private static func isPredefined(_ name: ArraySlice<UInt8>) -> Bool { predefined.contains(Array(name)) }
}
