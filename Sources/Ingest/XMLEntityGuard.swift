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
///   fuzzing). The declaration is kept up to its first `>`, where libxml2 ends it too when
///   it is broken (it skips to that `>`), so a `<?x?>` after a broken one is blanked as well.
/// CDATA sections and comments are copied as they are.
///
/// The guard works on a stream (`Stream`): a document is fed in chunks of any size and comes
/// out the same as if it had been fed whole. Between chunks it keeps only its state (inside a
/// DOCTYPE, a CDATA section, a comment or a processing instruction) and the few bytes it cannot
/// decide on yet (at most 65, the longest entity name it looks at).
enum XMLEntityGuard {
    /// The offset of the first byte that is not UTF-8, or of a NUL byte (never allowed in
    /// XML). Foundation's `XMLParser` force-unwraps the names libxml2 hands it as UTF-8 and
    /// traps on `<\u{FF}…` (found by fuzzing), so such documents are refused before parsing.
    static func firstInvalidByte(_ data: Data) -> Int? {
        var validator = UTF8Validator()
        return [UInt8](data).withUnsafeBufferPointer { validator.validate($0, final: true).invalid }
    }

    static func neutralize(_ data: Data) -> Data {
        var stream = Stream()
        var out = [UInt8]()
        [UInt8](data).withUnsafeBufferPointer { stream.feed($0, final: true, into: &out) }
        return out.elementsEqual(data) ? data : Data(out)
    }

    /// The guard over a document fed in chunks.
    struct Stream {
        private enum State {
            case text
            /// Copying a CDATA section, comment or the XML declaration up to `close`.
            case verbatim(close: [UInt8])
            /// Blanking a processing instruction up to `close`.
            case blank(close: [UInt8])
            /// Blanking a DOCTYPE: `[…]` nesting and the quote character inside a string.
            case doctype(depth: Int, quote: UInt8?)
        }
        private var state = State.text
        /// Input not decided on yet (carried over to the next chunk).
        private var pending: [UInt8] = []
        /// Input bytes before `pending[0]`: the XML declaration is only one at offset 0.
        private var offset = 0

        /// Appends the guarded form of `chunk` to `out`; `final` says the document ends here.
        mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8]) {
            if pending.isEmpty {
                let used = process(chunk, final: final, into: &out)
                pending = Array(chunk[used...])
                offset += used
            } else {
                var bytes = pending
                bytes.append(contentsOf: chunk)
                let used = bytes.withUnsafeBufferPointer { process($0, final: final, into: &out) }
                pending = Array(bytes[used...])
                offset += used
            }
        }

        /// Guards what it can of `b`; returns how many bytes it consumed.
        private mutating func process(_ b: UnsafeBufferPointer<UInt8>, final: Bool, into out: inout [UInt8]) -> Int {
            let n = b.count
            var i = 0
            while i < n {
                switch state {
                case .text:
                    var j = i
                    while j < n, b[j] != 0x3C, b[j] != 0x26 { j += 1 }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j]))
                    i = j
                    guard i < n else { return n }
                    if b[i] == 0x3C {
                        // `<!DOCTYPE` and `<![CDATA[` are the longest openings looked for.
                        if n - i < 9 && !final { return i }
                        if offset + i == 0 && isXMLDeclaration(b) {
                            out.append(contentsOf: [0x3C, 0x3F]); i += 2; state = .verbatim(close: Self.declarationClose)
                        } else if hasPrefix(b, at: i, "<![CDATA[") {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<(i + 9)])); i += 9
                            state = .verbatim(close: Array("]]>".utf8))
                        } else if hasPrefix(b, at: i, "<!--") {
                            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<(i + 4)])); i += 4
                            state = .verbatim(close: Array("-->".utf8))
                        } else if i + 1 < n, b[i + 1] == 0x3F {                             // any other <?…?>
                            out.append(contentsOf: [0x20, 0x20]); i += 2; state = .blank(close: Self.piClose)
                        } else if hasPrefix(b, at: i, "<!DOCTYPE") || hasPrefix(b, at: i, "<!doctype") {
                            out.append(contentsOf: [0x20, 0x20]); i += 2; state = .doctype(depth: 0, quote: nil)
                        } else {
                            out.append(0x3C); i += 1
                        }
                    } else {
                        switch entityName(b, from: i + 1, final: final) {
                        case .needMore: return i
                        case .name(let end) where !isPredefined(UnsafeBufferPointer(rebasing: b[(i + 1)..<end])):
                            out.append(contentsOf: Self.escapedAmpersand)
                        default: out.append(0x26)
                        }
                        i += 1
                    }
                case .verbatim(let close), .blank(let close):
                    let copy: Bool
                    if case .verbatim = state { copy = true } else { copy = false }
                    var j = i
                    while j < n, !hasPrefix(b, at: j, close) { j += 1 }
                    let end: Int
                    if j < n {
                        end = j + close.count
                        if copy { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<end])) } else { blank(b[i..<end], into: &out) }
                        state = .text
                    } else {
                        // Keep back what could be the start of `close`.
                        end = final ? n : max(i, n - (close.count - 1))
                        if copy { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<end])) } else { blank(b[i..<end], into: &out) }
                        if !final { return end }
                    }
                    i = end
                case .doctype(var depth, var quote):
                    // Quoted strings and the `[…]` internal subset may hold `>`.
                    var j = i, closed = false
                    while j < n, !closed {
                        let c = b[j]
                        if let q = quote { if c == q { quote = nil } }
                        else if c == 0x22 || c == 0x27 { quote = c }
                        else if c == 0x5B { depth += 1 }
                        else if c == 0x5D { depth = max(0, depth - 1) }
                        else if c == 0x3E && depth == 0 { closed = true }
                        j += 1
                    }
                    blank(b[i..<j], into: &out)
                    state = closed ? .text : .doctype(depth: depth, quote: quote)
                    i = j
                }
            }
            return n
        }

        private static let piClose = Array("?>".utf8)
        /// A well-formed declaration holds no `>` before its `?>`.
        private static let declarationClose = Array(">".utf8)
        private static let escapedAmpersand = Array("&amp;".utf8)

        /// `<?xml` and a space at the very start: the declaration, which libxml2 reads itself.
        private func isXMLDeclaration(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
            hasPrefix(b, at: 0, "<?xml") && b.count > 5 && [0x20, 0x09, 0x0A, 0x0D].contains(b[5])
        }
    }

    /// Spaces in place of `bytes`, newlines kept (the parser's line numbers stay true).
    private static func blank(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, into out: inout [UInt8]) {
        for c in bytes { out.append(c == 0x0A ? 0x0A : 0x20) }
    }

    private static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ prefix: String) -> Bool {
        hasPrefix(b, at: i, Array(prefix.utf8))
    }

    private static func hasPrefix(_ b: UnsafeBufferPointer<UInt8>, at i: Int, _ p: [UInt8]) -> Bool {
        guard i + p.count <= b.count else { return false }
        for k in 0..<p.count where b[i + k] != p[k] { return false }
        return true
    }

    private enum EntityName { case name(end: Int), notAName, needMore }

    /// For `&name;` starting after the `&` at `from`: the index of the `;`; `notAName` for a
    /// character reference or a stray `&` (the parser will report it); `needMore` when the
    /// chunk ends before that is known.
    private static func entityName(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, final: Bool) -> EntityName {
        var j = from
        while j - from <= 64 {
            guard j < bytes.count else { return final ? .notAName : .needMore }
            let c = bytes[j]
            if c == 0x3B { return j > from ? .name(end: j) : .notAName }
            let isName = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x3A
                || (j > from && ((c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x2E)) || c >= 0x80
            guard isName else { return .notAName }
            j += 1
        }
        return .notAName
    }

    private static let predefined: Set<[UInt8]> = Set(["lt", "gt", "amp", "quot", "apos"].map { Array($0.utf8) })
    private static func isPredefined(_ name: UnsafeBufferPointer<UInt8>) -> Bool { predefined.contains(Array(name)) }
}

/// UTF-8 validation over chunks: a sequence cut by a chunk boundary is held back until the
/// next chunk completes it. NUL counts as invalid (never allowed in XML).
struct UTF8Validator {
    /// Bytes validated so far (the offset of the next byte).
    private(set) var offset = 0
    /// Newlines among them and the offset of the last one, for error positions.
    private(set) var newlines = 0
    private(set) var lastNewline = -1

    /// Validates `b` (which starts at `offset`): `valid` bytes from its start are UTF-8 and
    /// were counted; the rest is an incomplete sequence to feed again in front of the next
    /// chunk. `invalid` is the document offset of the first bad byte.
    mutating func validate(_ b: UnsafeBufferPointer<UInt8>, final: Bool) -> (valid: Int, invalid: Int?) {
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c == 0 { return (i, offset + i) }
                if c == 0x0A { newlines += 1; lastNewline = offset + i }
                i += 1
                continue
            }
            let length: Int, secondRange: ClosedRange<UInt8>
            switch c {
            case 0xC2...0xDF: length = 2; secondRange = 0x80...0xBF
            case 0xE0: length = 3; secondRange = 0xA0...0xBF
            case 0xE1...0xEC, 0xEE...0xEF: length = 3; secondRange = 0x80...0xBF
            case 0xED: length = 3; secondRange = 0x80...0x9F
            case 0xF0: length = 4; secondRange = 0x90...0xBF
            case 0xF1...0xF3: length = 4; secondRange = 0x80...0xBF
            case 0xF4: length = 4; secondRange = 0x80...0x8F
            default: return (i, offset + i)
            }
            for k in 1..<length {
                guard i + k < n else {
                    if final { return (i, offset + i) }
                    offset += i
                    return (i, nil)
                }
                let ok = k == 1 ? secondRange.contains(b[i + k]) : (0x80...0xBF).contains(b[i + k])
                if !ok { return (i, offset + i) }
            }
            i += length
        }
        offset += n
        return (n, nil)
    }

    /// 1-based line and column (in bytes) of the document offset `at`, which must not be
    /// before the last newline counted.
    func position(of at: Int) -> (line: Int, column: Int) {
        (newlines + 1, at - (lastNewline + 1) + 1)
    }
}
