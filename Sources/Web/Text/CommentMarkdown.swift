import Foundation
import Ink

/// Renders a user's comment — Markdown with LaTeX math — as HTML that is safe to put on a page.
///
/// Three stages:
/// 1. A pre-pass reads the Markdown once, left to right, and hides from Ink everything Ink must
///    not interpret, by swapping it for placeholders (private-use characters Ink treats as plain
///    text): math (`$…$`, `$$…$$`, `\(…\)`, `\[…\]`) so `_` and `*` in formulas stay as typed for
///    KaTeX; `<` and `"` so raw HTML reaches Ink only as text; backslash escapes and character
///    references, which it resolves itself; and every `[` and `]`. Links (`[text](url)`,
///    images, bare `http(s)://` URLs) are recognised here too and become link placeholders.
///    Ink's own link parser recurses per `[` and backtracks: 22 `[` in a row took 20 s of CPU
///    (the time doubles with each one) and 5,000 overflowed the stack, so Ink never sees a
///    bracket. (Its `&` and `<` handling is quadratic too, hence those placeholders.)
/// 2. Ink renders the rest (paragraphs, emphasis, code, lists, quotes, headings, tables).
/// 3. `HTMLSanitiser` rebuilds the HTML from an allow-list and restores the placeholders as
///    escaped text, or as links whose URL it vets.
///
/// Choices: headings drop three levels (`#` is h4) because comments sit under the page's
/// h1/h2/h3; images are not embedded (tracking pixels, layout abuse) but become a link to the
/// image labelled with its alt text (or the URL); `\$` stays `\$` in the output, since KaTeX's
/// auto-render treats any bare `$` as a delimiter but skips escaped ones when it looks for the
/// closing one. Every stage is linear in the input.
public enum CommentMarkdown {
    public static func html(_ markdown: String) -> String {
        var lexer = Lexer(normalised(markdown))
        var items = lexer.lex()
        resolveLinks(&items)
        let (source, placeholders) = emit(items)
        let rendered = MarkdownParser().html(from: source)
        var sanitiser = HTMLSanitiser()
        sanitiser.headingOffset = 3
        sanitiser.expand = { placeholders.expand($0) }
        return sanitiser.sanitise(rendered)
    }
}

// MARK: - Input normalisation

extension CommentMarkdown {
    /// NFC (so a character Ink compares, like a backtick, has one spelling), `\n` line ends,
    /// no control characters, and nothing in the placeholder range.
    static func normalised(_ markdown: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(markdown.unicodeScalars.count)
        var afterCR = false
        for c in markdown.precomposedStringWithCanonicalMapping.unicodeScalars {
            defer { afterCR = c == "\r" }
            switch c.value {
            case 0x0A where afterCR: continue
            case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: out.append("\n")
            case 0x09: out.append(c)
            case 0x0B, 0x0C: out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            case Placeholders.reserved: out.append("\u{FFFD}")
            default: out.append(c)
            }
        }
        return out
    }
}

// MARK: - Pre-pass: lexing

extension CommentMarkdown {
    /// A piece of the comment after the lexer.
    enum Item: Equatable {
        /// Source text Ink may read as Markdown.
        case char(Unicode.Scalar)
        case newline(endsParagraph: Bool)
        /// Text shown exactly as given; Ink never sees it.
        case literal(String)
        /// A code span or fenced block, delimiters included: Ink renders it.
        case code(String)
        case open
        case close
        case autolink(String)
        /// A resolved link or image; `end` is the index of its `linkEnd`.
        case linkStart(href: String, image: Bool, end: Int)
        case linkEnd
        case removed
    }

    struct Lexer {
        private let s: [Unicode.Scalar]
        /// For each position: whether its line holds only spaces and tabs.
        private let blankLine: [Bool]
        /// Per closing math delimiter, where a failed search for it stopped: openers before
        /// that point cannot close either, which keeps unclosed `$` runs linear.
        private var mathFailedUntil: [String: Int] = [:]
        private var items: [Item] = []

        init(_ scalars: [Unicode.Scalar]) {
            s = scalars
            var blank = [Bool](repeating: true, count: scalars.count)
            var lineStart = 0
            for index in 0...scalars.count where index == scalars.count || scalars[index] == "\n" {
                let isBlank = scalars[lineStart..<index].allSatisfy { $0 == " " || $0 == "\t" }
                if !isBlank { for k in lineStart..<min(index + 1, scalars.count) { blank[k] = false } }
                lineStart = index + 1
            }
            blankLine = blank
        }

        /// Whether the newline at `index` is followed by a blank line (a paragraph break).
        private func endsParagraph(_ index: Int) -> Bool {
            index + 1 < s.count && blankLine[index + 1]
        }

        mutating func lex() -> [Item] {
            var i = 0
            var atLineStart = true
            while i < s.count {
                if atLineStart {
                    atLineStart = false
                    let afterBlank = i == 0 || blankLine[i - 1]
                    if let end = fence(at: i, afterBlank: afterBlank) {
                        items.append(.code(string(i..<end)))
                        i = end
                        continue
                    }
                }
                let c = s[i]
                switch c {
                case "\n":
                    items.append(.newline(endsParagraph: endsParagraph(i)))
                    atLineStart = true
                    i += 1
                case "`":
                    i = codeSpan(at: i)
                case "\\":
                    i = escape(at: i)
                case "$":
                    let display = i + 1 < s.count && s[i + 1] == "$"
                    let opener = display ? 2 : 1
                    if let end = mathEnd(from: i + opener, closer: display ? "$$" : "$") {
                        items.append(.literal(string(i..<end)))
                        i = end
                    } else {
                        items.append(.literal(display ? "$$" : "$"))
                        i += opener
                    }
                case "[":
                    items.append(.open)
                    i += 1
                case "]":
                    items.append(.close)
                    i += 1
                case "&":
                    // Resolved here so Ink never scans for `;` (its scan is quadratic on `&&&…`).
                    if let (decoded, length) = HTMLSanitiser.characterReference(in: s, at: i) {
                        // `&#xE000;` must not smuggle a placeholder character into the output.
                        let reserved = decoded.unicodeScalars.contains { Placeholders.reserved.contains($0.value) }
                        items.append(.literal(reserved ? "\u{FFFD}" : decoded))
                        i += length
                    } else {
                        items.append(.literal("&"))
                        i += 1
                    }
                case "_" where i > 0 && i + 1 < s.count && isAlphanumeric(s[i - 1]) && isAlphanumeric(s[i + 1]):
                    // snake_case is not emphasis (as in CommonMark); Ink would make it so.
                    items.append(.literal("_"))
                    i += 1
                case "<":
                    if let (url, next) = angleAutolink(at: i) {
                        items.append(.autolink(string(url)))
                        i = next
                    } else {
                        items.append(.char(c))
                        i += 1
                    }
                case "h", "H":
                    if let end = autolinkEnd(at: i) {
                        items.append(.autolink(string(i..<end)))
                        i = end
                    } else {
                        items.append(.char(c))
                        i += 1
                    }
                default:
                    items.append(.char(c))
                    i += 1
                }
            }
            return items
        }

        /// A fenced code block opening at this line start, as Ink sees one: three or more
        /// backticks at the start of a fragment (indented only after a blank line), closed by
        /// a line starting with exactly as many (not the line right after the opening one —
        /// Ink's quirk). Returns the end of the closing backticks, or of the input.
        private func fence(at start: Int, afterBlank: Bool) -> Int? {
            var j = start
            while j < s.count, s[j] == " " || s[j] == "\t" { j += 1 }
            guard j == start || afterBlank else { return nil }
            let tickStart = j
            while j < s.count, s[j] == "`" { j += 1 }
            let ticks = j - tickStart
            guard ticks >= 3 else { return nil }
            while j < s.count, s[j] != "\n" { j += 1 }
            var firstLine = true
            while j < s.count {
                j += 1
                if !firstLine {
                    var k = j
                    while k < s.count, s[k] == "`" { k += 1 }
                    if k - j == ticks { return k }
                }
                firstLine = false
                while j < s.count, s[j] != "\n" { j += 1 }
            }
            return s.count
        }

        /// `` `code` `` up to the next backtick on the line, as Ink reads it; a lone backtick
        /// is literal. Returns where lexing continues.
        private mutating func codeSpan(at start: Int) -> Int {
            var j = start + 1
            while j < s.count, s[j] != "`", s[j] != "\n" { j += 1 }
            guard j < s.count, s[j] == "`" else {
                items.append(.literal("`"))
                return start + 1
            }
            items.append(.code(string(start..<(j + 1))))
            return j + 1
        }

        /// A backslash: hard line break before a newline, math opener for `\(` and `\[`,
        /// escape before ASCII punctuation, else a literal backslash.
        private mutating func escape(at start: Int) -> Int {
            guard start + 1 < s.count else {
                items.append(.literal("\\"))
                return start + 1
            }
            let next = s[start + 1]
            switch next {
            case "\n":
                items.append(.char("\\"))
                return start + 1
            case "$":
                // Kept escaped in the output so KaTeX does not pair it (see the type's comment).
                items.append(.literal("\\$"))
                return start + 2
            case "(", "[":
                if let end = mathEnd(from: start + 2, closer: next == "(" ? "\\)" : "\\]") {
                    items.append(.literal(string(start..<end)))
                    return end
                }
                items.append(.literal(String(next)))
                return start + 2
            default:
                if ##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##.unicodeScalars.contains(next) {
                    items.append(.literal(String(next)))
                    return start + 2
                }
                items.append(.literal("\\"))
                return start + 1
            }
        }

        /// The end of a math span whose content starts at `from`, found the way KaTeX's
        /// auto-render finds it (the first unescaped closer). A span does not cross a blank
        /// line (separate paragraphs are separate text for KaTeX) or a backtick (a code span
        /// would split the text too).
        private mutating func mathEnd(from: Int, closer: String) -> Int? {
            if let failed = mathFailedUntil[closer], from < failed { return nil }
            let target = Array(closer.unicodeScalars)
            var j = from
            while j < s.count {
                if s[j] == "`" || (s[j] == "\n" && endsParagraph(j)) { break }
                if j + target.count <= s.count, (0..<target.count).allSatisfy({ s[j + $0] == target[$0] }) {
                    return j + target.count
                }
                // A backslash escapes the next character, but never hides a line end.
                j += s[j] == "\\" && j + 1 < s.count && s[j + 1] != "\n" ? 2 : 1
            }
            mathFailedUntil[closer] = j
            return nil
        }

        /// Where the host starts if an `http://` or `https://` (any case) starts at `start`.
        private func hostStart(at start: Int) -> Int? {
            var j = start
            for expected in "http".unicodeScalars {
                guard j < s.count, s[j].properties.lowercaseMapping == String(expected) else { return nil }
                j += 1
            }
            if j < s.count, s[j] == "s" || s[j] == "S" { j += 1 }
            for expected in "://".unicodeScalars {
                guard j < s.count, s[j] == expected else { return nil }
                j += 1
            }
            guard j < s.count, s[j] != "/", s[j] != "\\" else { return nil }
            return j
        }

        /// `<https://…>`, CommonMark's autolink: the URL's range, and where lexing continues.
        private func angleAutolink(at start: Int) -> (Range<Int>, Int)? {
            guard let host = hostStart(at: start + 1) else { return nil }
            var j = host
            while j < s.count, s[j] != ">" {
                guard !s[j].properties.isWhitespace, s[j] != "<" else { return nil }
                j += 1
            }
            guard j < s.count, j > host else { return nil }
            return ((start + 1)..<j, j + 1)
        }

        /// A bare `http://` or `https://` URL starting a word: runs to a space or a character
        /// that cannot be part of one, minus trailing punctuation and unbalanced `)` (GFM's rule).
        private func autolinkEnd(at start: Int) -> Int? {
            guard start == 0 || !isAlphanumeric(s[start - 1]), let hostStart = hostStart(at: start) else { return nil }
            var j = hostStart
            var balance = 0
            while j < s.count, !endsURL(s[j]) {
                if s[j] == "(" { balance += 1 } else if s[j] == ")" { balance -= 1 }
                j += 1
            }
            while j > hostStart {
                let last = s[j - 1]
                if ".,:;!?'*_~".unicodeScalars.contains(last) {
                    j -= 1
                } else if last == ")", balance < 0 {
                    balance += 1
                    j -= 1
                } else {
                    break
                }
            }
            return j > hostStart ? j : nil
        }

        private func endsURL(_ c: Unicode.Scalar) -> Bool {
            c.properties.isWhitespace || "<>\"`[]\\|{}".unicodeScalars.contains(c)
        }

        private func isAlphanumeric(_ c: Unicode.Scalar) -> Bool {
            c.properties.isAlphabetic || c.properties.numericType != nil
        }

        private func string(_ range: Range<Int>) -> String {
            String(String.UnicodeScalarView(s[range]))
        }
    }
}

// MARK: - Pre-pass: links

extension CommentMarkdown {
    /// Longest destination or title we look at; longer ones stay text.
    static let maxDestinationLength = 2048

    /// Pairs brackets with a stack (like CommonMark's delimiter stack) and turns
    /// `[text](url)` and `![alt](url)` into link items. Links do not cross paragraphs and do
    /// not nest (a link inside link text disables the openers around it; images may sit in a
    /// link). Unpaired brackets stay literal. Linear: each `](` scan stops at the next bracket.
    static func resolveLinks(_ items: inout [Item]) {
        var openers: [Int] = []
        /// Openers on the stack below this height were disabled by a link formed inside them.
        var disabledBelow = 0
        var k = 0
        while k < items.count {
            switch items[k] {
            case .newline(let endsParagraph) where endsParagraph:
                openers.removeAll()
                disabledBelow = 0
            case .open:
                openers.append(k)
            case .close:
                guard let o = openers.popLast() else { break }
                let disabled = openers.count < disabledBelow
                disabledBelow = min(disabledBelow, openers.count)
                guard !disabled, let (href, next) = destination(items, after: k) else { break }
                let image = o > 0 && items[o - 1] == .char("!")
                items[o] = .linkStart(href: href, image: image, end: k)
                if image { items[o - 1] = .removed }
                items[k] = .linkEnd
                for r in (k + 1)..<next { items[r] = .removed }
                if !image { disabledBelow = openers.count }
                k = next
                continue
            default:
                break
            }
            k += 1
        }
    }

    /// `(url)` or `(url "title")` right after the `]` at `close`: the URL and the index after `)`.
    private static func destination(_ items: [Item], after close: Int) -> (String, Int)? {
        var j = close + 1
        guard j < items.count, items[j] == .char("(") else { return nil }
        j += 1
        func skipSpaces() {
            while j < items.count, items[j] == .char(" ") || items[j] == .char("\t") { j += 1 }
        }
        /// The text an item contributes inside a destination or title; nil where one must end.
        func text(_ item: Item) -> String? {
            switch item {
            case .char(let c): return String(c)
            case .literal(let s), .code(let s), .autolink(let s): return s
            default: return nil
            }
        }
        var href = ""
        var hrefLength = 0
        /// Adds the item at `j` to the URL; false if it cannot be part of one.
        func take() -> Bool {
            guard let t = text(items[j]), hrefLength < maxDestinationLength else { return false }
            href += t
            hrefLength += t.unicodeScalars.count
            j += 1
            return true
        }
        skipSpaces()
        if j < items.count, items[j] == .char("<") {
            // `<url with spaces>`
            j += 1
            while j < items.count, items[j] != .char(">") {
                guard take() else { return nil }
            }
            guard j < items.count else { return nil }
            j += 1
        } else {
            var depth = 0
            scan: while j < items.count {
                switch items[j] {
                case .char(let c) where c.properties.isWhitespace: break scan
                case .char("("): depth += 1
                case .char(")"):
                    if depth == 0 { break scan }
                    depth -= 1
                default: break
                }
                guard take() else { return nil }
            }
        }
        skipSpaces()
        // An optional title, which we don't show.
        if j < items.count, let quote = [Item.char("\""), .char("'"), .char("(")].first(where: { $0 == items[j] }) {
            let closing: Item = quote == .char("(") ? .char(")") : quote
            j += 1
            var length = 0
            while j < items.count, items[j] != closing {
                guard text(items[j]) != nil, length < maxDestinationLength else { return nil }
                length += 1
                j += 1
            }
            guard j < items.count else { return nil }
            j += 1
            skipSpaces()
        }
        guard j < items.count, items[j] == .char(")") else { return nil }
        return (href, j + 1)
    }
}

// MARK: - Pre-pass: what Ink sees

extension CommentMarkdown {
    /// Stand-ins for text Ink must not interpret, restored by the sanitiser. A printable ASCII
    /// character `c` is the single scalar U+E100+c; anything else is U+E000, the decimal index
    /// of an entry, U+E001. Ink treats all of these as ordinary text. User input never holds
    /// the range (`normalised` replaces it), so only the pre-pass can write a placeholder.
    struct Placeholders: Sendable {
        enum Entry: Sendable {
            case text(String)
            case linkStart(href: String)
            case linkEnd
        }

        static let reserved: ClosedRange<UInt32> = 0xE000...0xE1FF
        static let entryStart: Unicode.Scalar = "\u{E000}"
        static let entryEnd: Unicode.Scalar = "\u{E001}"
        static let asciiBase: UInt32 = 0xE100

        var entries: [Entry] = []

        /// Splits Ink's text back into HTML text, literal text and link boundaries.
        func expand(_ raw: String) -> [HTMLSanitiser.Piece] {
            guard raw.unicodeScalars.contains(where: { Self.reserved.contains($0.value) }) else { return [.html(raw)] }
            var pieces: [HTMLSanitiser.Piece] = []
            var html = String.UnicodeScalarView()
            var text = String.UnicodeScalarView()
            func flush() {
                if !html.isEmpty { pieces.append(.html(String(html))); html = String.UnicodeScalarView() }
                if !text.isEmpty { pieces.append(.text(String(text))); text = String.UnicodeScalarView() }
            }
            let scalars = Array(raw.unicodeScalars)
            var i = 0
            while i < scalars.count {
                let c = scalars[i]
                i += 1
                guard Self.reserved.contains(c.value) else {
                    if !text.isEmpty { flush() }
                    html.append(c)
                    continue
                }
                if !html.isEmpty { flush() }
                if c.value >= Self.asciiBase + 0x20, c.value < Self.asciiBase + 0x7F, let ascii = Unicode.Scalar(c.value - Self.asciiBase) {
                    text.append(ascii)
                    continue
                }
                guard c == Self.entryStart else { text.append("\u{FFFD}"); continue }
                var index = 0
                var digits = 0
                while i < scalars.count, ("0"..."9").contains(scalars[i]), digits < 9 {
                    index = index * 10 + Int(scalars[i].value - 48)
                    digits += 1
                    i += 1
                }
                guard i < scalars.count, scalars[i] == Self.entryEnd, entries.indices.contains(index) else {
                    text.append("\u{FFFD}")
                    continue
                }
                i += 1
                switch entries[index] {
                case .text(let s): text.append(contentsOf: s.unicodeScalars)
                case .linkStart(let href): flush(); pieces.append(.startLink(href: href))
                case .linkEnd: flush(); pieces.append(.endLink)
                }
            }
            flush()
            return pieces
        }
    }

    /// The Markdown Ink renders, and the placeholders in it.
    static func emit(_ items: [Item]) -> (String, Placeholders) {
        var out = String.UnicodeScalarView()
        var placeholders = Placeholders()
        func entry(_ e: Placeholders.Entry) {
            out.append(Placeholders.entryStart)
            out.append(contentsOf: String(placeholders.entries.count).unicodeScalars)
            out.append(Placeholders.entryEnd)
            placeholders.entries.append(e)
        }
        func literal(_ s: String) {
            let scalars = s.unicodeScalars
            if scalars.count == 1, let c = scalars.first, (0x20..<0x7F).contains(c.value), let p = Unicode.Scalar(Placeholders.asciiBase + c.value) {
                out.append(p)
            } else if !s.isEmpty {
                entry(.text(s))
            }
        }
        /// `<` and `"` would let text become markup in Ink's output; `&` and brackets set off
        /// Ink's slow paths. Hidden even in code, in case Ink disagrees about where code is.
        func source(_ c: Unicode.Scalar) {
            if c == "<" || c == "\"" || c == "&" || c == "[" || c == "]" { literal(String(c)) } else { out.append(c) }
        }

        var linkDepth = 0
        var skippedEnds = Set<Int>()
        for (index, item) in items.enumerated() {
            switch item {
            case .char(let c): source(c)
            case .newline: out.append("\n")
            case .literal(let s): literal(s)
            case .code(let s): s.unicodeScalars.forEach(source)
            case .open: literal("[")
            case .close: literal("]")
            case .autolink(let url):
                if linkDepth > 0 {
                    literal(url)
                } else {
                    entry(.linkStart(href: url))
                    literal(url)
                    entry(.linkEnd)
                }
            case .linkStart(let href, let image, let end):
                if linkDepth > 0 {
                    // An image inside a link shows its alt text only.
                    skippedEnds.insert(end)
                    continue
                }
                entry(.linkStart(href: href))
                linkDepth += 1
                if image, end == index + 1 { literal(href) }
            case .linkEnd:
                if skippedEnds.contains(index) { continue }
                entry(.linkEnd)
                linkDepth -= 1
            case .removed:
                break
            }
        }
        return (avoidingInkTraps(String(out)), placeholders)
    }

    /// Two inputs make Ink trap (a crash, not an error): a list whose last line is only
    /// whitespace (`"- a\n  "`: it reads a nested list past the end) and front matter ending
    /// in whitespace. Trailing whitespace means nothing in Markdown, so it goes; and a leading
    /// `---` line, which Ink takes for front matter (hiding what follows up to the next `---`),
    /// becomes `***`, the same thematic break. Compared by Character, as Ink compares.
    private static func avoidingInkTraps(_ source: String) -> String {
        var fixed = source
        while let last = fixed.last, last.isWhitespace { fixed.removeLast() }
        if let first = fixed.firstIndex(where: { !$0.isWhitespace }), fixed[first...].hasPrefix("---\n") {
            fixed.replaceSubrange(first..<fixed.index(first, offsetBy: 3), with: "***")
        }
        return fixed
    }
}
