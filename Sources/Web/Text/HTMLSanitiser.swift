/// An allow-list HTML sanitiser for untrusted HTML (comment Markdown after Ink has rendered it).
///
/// Nothing from the input is copied through: a small, tolerant tokenizer (modelled on the HTML5
/// tokenizer, so it splits tags where a browser would) reads the input, and the output is written
/// afresh from the tokens, so only these can reach a page:
/// - the allowed elements, with no attributes except a vetted `href` (and our own `rel`) on `a`;
/// - text, always escaped (`&`, `<`, `>`, `"`, `'`).
/// Other tags are dropped and their text kept, except for elements whose content is code or
/// invisible (`script`, `style`, `iframe`, `svg`, ...), whose content goes too. Comments,
/// doctypes and CDATA go. The output nests properly whatever the input: every allowed element is
/// opened only where a browser would leave it in place and is closed in order; stray end tags are
/// ignored and anything still open is closed at the end.
struct HTMLSanitiser: Sendable {
    /// A part of a text run after `expand`. `html` is HTML text (character references still to
    /// decode); `text` is literal text; the link pieces open and close an `a` (the href is vetted
    /// like any other).
    enum Piece: Equatable, Sendable {
        case html(String)
        case text(String)
        case startLink(href: String)
        case endLink
    }

    /// Headings move down this many levels (capped at h6): comments sit under the page's own
    /// headings, so a comment's `#` must not outrank them.
    var headingOffset = 0

    /// Splits raw text (and raw attribute values) into pieces before decoding. The comment
    /// renderer restores its placeholders here; by default text is just HTML text.
    var expand: @Sendable (String) -> [Piece] = { [.html($0)] }

    /// The `rel` every kept link gets: no SEO credit for user links, no `window.opener`.
    static let linkRel = "nofollow ugc noopener"

    /// Deeper nesting than this is flattened (tags dropped, text kept), so a hostile comment
    /// cannot build a DOM deep enough to hurt a browser or our own stack.
    static let maxDepth = 100

    func sanitise(_ html: String) -> String {
        var tokenizer = Tokenizer(Array(html.unicodeScalars))
        var writer = Writer(headingOffset: headingOffset)
        while let token = tokenizer.next() {
            switch token {
            case .text(let raw):
                for piece in expand(raw) {
                    switch piece {
                    case .html(let s): writer.text(Self.decodeCharacterReferences(s))
                    case .text(let s): writer.text(s)
                    case .startLink(let href): writer.startLink(href: href)
                    case .endLink: writer.end("a")
                    }
                }
            case .startTag(let name, let attributes, let selfClosing):
                let values = attributes.map { ($0.name, attributeValue($0.value)) }
                writer.start(name, attributes: values, selfClosing: selfClosing)
            case .endTag(let name):
                writer.end(name)
            }
        }
        return writer.finish()
    }

    /// An attribute value as the browser would see it, with placeholders restored.
    private func attributeValue(_ raw: String) -> String {
        var value = ""
        for piece in expand(raw) {
            switch piece {
            case .html(let s): value += Self.decodeCharacterReferences(s)
            case .text(let s): value += s
            case .startLink, .endLink: break
            }
        }
        return value
    }
}

// MARK: - Element policy

extension HTMLSanitiser {
    static let allowed: Set<String> = [
        "p", "br", "em", "strong", "del", "code", "pre", "blockquote", "ul", "ol", "li", "a",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td",
    ]
    /// Ink writes `<s>` for `~~`; the old presentational names mean the same as allowed ones.
    static let renamed: [String: String] = ["s": "del", "strike": "del", "b": "strong", "i": "em"]
    static let void: Set<String> = ["br", "hr"]
    static let inline: Set<String> = ["em", "strong", "del", "code", "a"]
    /// Start tags that close an open `p` in the browser ("close a p element" in the HTML spec).
    static let closesParagraph: Set<String> = [
        "p", "pre", "blockquote", "ul", "ol", "li", "table", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
    ]
    static let headings: Set<String> = ["h1", "h2", "h3", "h4", "h5", "h6"]
    /// Inside these only table structure may appear; the browser would move anything else out.
    static let tableStructure: Set<String> = ["table", "thead", "tbody", "tr"]
    /// Elements whose content is dropped with them: code, styling, embedded or invisible content.
    /// (Void ones like `embed` have no content and simply go, like any tag not allowed.)
    static let dropsContent: Set<String> = [
        "script", "style", "iframe", "object", "applet", "template", "noscript", "noembed", "noframes",
        "textarea", "title", "xmp", "plaintext", "svg", "math", "select", "frameset", "audio", "video",
        "canvas", "picture",
    ]
    /// Of those, the ones the browser reads as raw text up to their end tag (tags inside are not
    /// tags), so the tokenizer must skip them the same way or it would see markup that isn't.
    static let rawText: Set<String> = [
        "script", "style", "iframe", "noscript", "noembed", "noframes", "textarea", "title", "xmp", "plaintext",
    ]
}

// MARK: - Writer: builds the output with a stack of open elements

extension HTMLSanitiser {
    struct Writer {
        let headingOffset: Int
        var out = ""
        var stack: [String] = []
        /// Non-raw-text elements being dropped with their content, and how deeply they nest.
        var dropping: (name: String, depth: Int)?
        /// `a` start tags that were dropped (unsafe href, or a link inside a link): their end
        /// tags must not close an outer link.
        var droppedLinks = 0

        init(headingOffset: Int) { self.headingOffset = headingOffset }

        private var inTableStructure: Bool { stack.last.map(HTMLSanitiser.tableStructure.contains) ?? false }

        mutating func text(_ s: String) {
            guard dropping == nil, !s.isEmpty, !inTableStructure else { return }
            out += Escape.html(s)
        }

        mutating func start(_ rawName: String, attributes: [(String, String)], selfClosing: Bool = false) {
            if var d = dropping {
                if rawName == d.name { d.depth += 1; dropping = d }
                return
            }
            if HTMLSanitiser.dropsContent.contains(rawName) {
                // Raw-text elements are skipped by the tokenizer; the rest are dropped here, up to
                // their end tag (`<svg/>` has none: foreign elements may self-close).
                if !HTMLSanitiser.rawText.contains(rawName), !selfClosing {
                    dropping = (rawName, 1)
                }
                return
            }
            if rawName == "img" {
                // Images are not allowed (tracking pixels, layout abuse); their alt text stays readable.
                let alt = attributes.first { $0.0 == "alt" }?.1 ?? ""
                text(alt)
                return
            }
            if rawName == "a" {
                let href = attributes.first { $0.0 == "href" }?.1 ?? ""
                startLink(href: href)
                return
            }
            guard let name = element(rawName) else { return }
            open(name)
        }

        mutating func startLink(href: String) {
            guard dropping == nil else { return }
            // A link inside a link is not allowed in HTML: keep the inner one's text only.
            guard !stack.contains("a"), let safe = HTMLSanitiser.safeHref(href), canOpen("a") else {
                droppedLinks += 1
                return
            }
            stack.append("a")
            out += "<a href=\"\(Escape.html(safe))\" rel=\"\(HTMLSanitiser.linkRel)\">"
        }

        mutating func end(_ rawName: String) {
            if var d = dropping {
                if rawName == d.name {
                    d.depth -= 1
                    dropping = d.depth == 0 ? nil : d
                }
                return
            }
            guard let name = element(rawName), !HTMLSanitiser.void.contains(name) else { return }
            if name == "a", droppedLinks > 0 {
                droppedLinks -= 1
                return
            }
            // Close only an element in scope: the search stops at a table boundary, as the
            // browser's would, so `</em>` in a cell cannot close an `em` outside the table.
            let boundaries: Set<String> = HTMLSanitiser.tableStructure.contains(name) || name == "td" || name == "th"
                ? ["table"] : ["table", "td", "th"]
            for index in stack.indices.reversed() {
                if stack[index] == name {
                    while stack.count > index { pop() }
                    return
                }
                if boundaries.contains(stack[index]) { return }
            }
        }

        mutating func finish() -> String {
            while !stack.isEmpty { pop() }
            return out
        }

        /// The allowed element a tag name stands for, after renaming and the heading shift.
        private func element(_ rawName: String) -> String? {
            let name = HTMLSanitiser.renamed[rawName] ?? rawName
            guard HTMLSanitiser.allowed.contains(name) else { return nil }
            if HTMLSanitiser.headings.contains(name), let level = name.last?.wholeNumberValue {
                return "h\(min(6, level + headingOffset))"
            }
            return name
        }

        private mutating func open(_ name: String) {
            // What a browser would close implicitly, we close explicitly, so that the element
            // lands where our stack says it is.
            if HTMLSanitiser.closesParagraph.contains(name) { closeParagraph() }
            if HTMLSanitiser.headings.contains(name), let top = stack.last, HTMLSanitiser.headings.contains(top) { pop() }
            if name == "li" { closeListItem() }
            if ["tr", "td", "th", "thead", "tbody"].contains(name) { closeTableParts(for: name) }
            guard canOpen(name) else { return }
            if HTMLSanitiser.void.contains(name) {
                out += "<\(name)>"
            } else {
                stack.append(name)
                out += "<\(name)>"
            }
        }

        /// Whether `name` may go inside the current element: table parts only in their parents,
        /// list items only in lists, nothing else directly inside table structure.
        private func canOpen(_ name: String) -> Bool {
            guard stack.count < HTMLSanitiser.maxDepth else { return false }
            let parent = stack.last
            switch name {
            case "thead", "tbody": return parent == "table"
            case "tr": return parent == "table" || parent == "thead" || parent == "tbody"
            case "td", "th": return parent == "tr"
            case "li": return parent == "ul" || parent == "ol"
            default: return !inTableStructure
            }
        }

        private mutating func closeParagraph() {
            for index in stack.indices.reversed() {
                if stack[index] == "p" {
                    while stack.count > index { pop() }
                    return
                }
                if ["table", "td", "th"].contains(stack[index]) { return }
            }
        }

        /// A new list item closes the open one in the same list.
        private mutating func closeListItem() {
            for index in stack.indices.reversed() {
                let name = stack[index]
                if name == "li" {
                    while stack.count > index { pop() }
                    return
                }
                if !HTMLSanitiser.inline.contains(name) && name != "p" { return }
            }
        }

        /// A new row closes the open row, a new cell the open cell, a new section the open one.
        private mutating func closeTableParts(for name: String) {
            let closes: Set<String> = switch name {
            case "td", "th": ["td", "th"]
            case "tr": ["tr", "td", "th"]
            default: ["thead", "tbody", "tr", "td", "th"]
            }
            for index in stack.indices.reversed() {
                if stack[index] == "table" { return }
                if closes.contains(stack[index]) {
                    // Close down to just above the nearest element that can hold the new one.
                    var cut = index
                    while cut > 0, closes.contains(stack[cut - 1]) { cut -= 1 }
                    while stack.count > cut { pop() }
                    return
                }
                if !HTMLSanitiser.inline.contains(stack[index]) && !["p", "ul", "ol", "li", "blockquote", "pre"].contains(stack[index])
                    && !HTMLSanitiser.headings.contains(stack[index]) {
                    return
                }
            }
        }

        private mutating func pop() {
            guard let name = stack.popLast() else { return }
            out += "</\(name)>"
        }
    }
}

// MARK: - Links

extension HTMLSanitiser {
    /// The href to write for a link, or nil to drop the link (its text stays). Only absolute
    /// `http:`, `https:` and `mailto:` URLs pass. The check runs on the decoded value, which is
    /// exactly what the browser will see (we re-escape it), after removing what the URL parser
    /// ignores (leading/trailing controls and spaces, tabs and newlines anywhere), so
    /// `java&#x09;script:`, ` javascript:` and `JaVaScRiPt:` all fail.
    static func safeHref(_ raw: String) -> String? {
        var scalars = Array(raw.unicodeScalars)
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        scalars.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }
        // Any other control character is no part of a URL anyone means to share.
        guard !scalars.isEmpty, !scalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return nil }

        guard let colon = scalars.firstIndex(of: ":") else { return nil }
        let scheme = String(String.UnicodeScalarView(scalars[..<colon])).lowercased()
        let rest = scalars[(colon + 1)...]
        switch scheme {
        case "http", "https":
            // An authority must follow (`//host`); `http:foo` would be relative to the page.
            let slashes = rest.prefix(2)
            guard slashes.count == 2, slashes.allSatisfy({ $0 == "/" || $0 == "\\" }) else { return nil }
            guard let hostStart = rest.dropFirst(2).first, !["/", "\\", "?", "#"].contains(hostStart) else { return nil }
        case "mailto":
            guard !rest.isEmpty else { return nil }
        default:
            return nil
        }
        var href = scheme + ":"
        for scalar in rest {
            // Spaces are legal in what users paste but not in a URL; encode them.
            if scalar == " " { href += "%20" } else { href.unicodeScalars.append(scalar) }
        }
        return href
    }
}

// MARK: - Escaping and character references

extension HTMLSanitiser {
    /// Decodes numeric references and the common named ones (with their `;`). Anything else is
    /// left as literal text; since the output is re-escaped, what we decode is exactly what the
    /// browser shows, so a reference we don't know can only look odd, never smuggle markup.
    static func decodeCharacterReferences(_ s: String) -> String {
        guard s.unicodeScalars.contains("&") else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            guard scalars[i] == "&", let (decoded, length) = characterReference(in: scalars, at: i) else {
                out.append(scalars[i])
                i += 1
                continue
            }
            out.append(contentsOf: decoded.unicodeScalars)
            i += length
        }
        return String(out)
    }

    /// The reference starting at `&` at `start`: what it stands for and how many scalars it spans.
    static func characterReference(in s: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var i = start + 1
        guard i < s.count else { return nil }
        if s[i] == "#" {
            i += 1
            let hex = i < s.count && (s[i] == "x" || s[i] == "X")
            if hex { i += 1 }
            var value: UInt32 = 0
            var digits = 0
            while i < s.count, let digit = hexDigit(s[i]), hex || digit < 10 {
                // Saturate instead of overflowing; anything past U+10FFFF is invalid anyway.
                value = min(value * (hex ? 16 : 10) + digit, 0x110000)
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            if i < s.count, s[i] == ";" { i += 1 }
            return (String(numericScalar(value)), i - start)
        }
        var name = ""
        while i < s.count, i - start <= 32, ("a"..."z").contains(s[i]) || ("A"..."Z").contains(s[i]) || ("0"..."9").contains(s[i]) {
            name.unicodeScalars.append(s[i])
            i += 1
        }
        guard i < s.count, s[i] == ";", let decoded = namedReferences[name] else { return nil }
        return (decoded, i + 1 - start)
    }

    private static func hexDigit(_ c: Unicode.Scalar) -> UInt32? {
        switch c {
        case "0"..."9": return c.value - 48
        case "a"..."f": return c.value - 87
        case "A"..."F": return c.value - 55
        default: return nil
        }
    }

    /// NUL, surrogates, out-of-range values and control characters become U+FFFD.
    private static func numericScalar(_ value: UInt32) -> Unicode.Scalar {
        let replacement: Unicode.Scalar = "\u{FFFD}"
        guard value != 0, value != 0x7F, !(0x80...0x9F).contains(value),
              value >= 0x20 || value == 0x09 || value == 0x0A,
              let scalar = Unicode.Scalar(value) else { return replacement }
        return scalar
    }

    /// The named references people actually type: markup, typography, maths and Greek.
    static let namedReferences: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "copy": "©", "reg": "®", "trade": "™", "hellip": "…", "mdash": "—", "ndash": "–",
        "lsquo": "‘", "rsquo": "’", "ldquo": "“", "rdquo": "”", "laquo": "«", "raquo": "»",
        "middot": "·", "bull": "•", "deg": "°", "plusmn": "±", "times": "×", "divide": "÷",
        "micro": "µ", "para": "¶", "sect": "§", "euro": "€", "pound": "£", "yen": "¥", "cent": "¢",
        "le": "≤", "ge": "≥", "ne": "≠", "asymp": "≈", "equiv": "≡", "infin": "∞", "sum": "∑",
        "prod": "∏", "int": "∫", "radic": "√", "part": "∂", "nabla": "∇", "isin": "∈", "notin": "∉",
        "sub": "⊂", "sup": "⊃", "sube": "⊆", "supe": "⊇", "cap": "∩", "cup": "∪", "and": "∧",
        "or": "∨", "not": "¬", "forall": "∀", "exist": "∃", "empty": "∅", "prop": "∝", "minus": "−",
        "larr": "←", "rarr": "→", "uarr": "↑", "darr": "↓", "harr": "↔", "lArr": "⇐", "rArr": "⇒",
        "hArr": "⇔", "dagger": "†", "Dagger": "‡", "permil": "‰", "prime": "′", "Prime": "″",
        "shy": "\u{AD}", "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}",
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "omicron": "ο", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
        "phi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Alpha": "Α", "Beta": "Β", "Gamma": "Γ",
        "Delta": "Δ", "Epsilon": "Ε", "Zeta": "Ζ", "Eta": "Η", "Theta": "Θ", "Iota": "Ι",
        "Kappa": "Κ", "Lambda": "Λ", "Mu": "Μ", "Nu": "Ν", "Xi": "Ξ", "Omicron": "Ο", "Pi": "Π",
        "Rho": "Ρ", "Sigma": "Σ", "Tau": "Τ", "Upsilon": "Υ", "Phi": "Φ", "Chi": "Χ", "Psi": "Ψ",
        "Omega": "Ω",
    ]
}

// MARK: - Tokenizer

extension HTMLSanitiser {
    enum Token: Equatable {
        /// Raw text: character references not yet decoded.
        case text(String)
        case startTag(name: String, attributes: [Attribute], selfClosing: Bool)
        case endTag(name: String)
    }

    struct Attribute: Equatable {
        var name: String
        /// Raw value: character references not yet decoded.
        var value: String
    }

    /// Splits HTML into text and tags the way a browser's tokenizer would for the cases that
    /// matter here: tag names and attributes end where the browser ends them, comments,
    /// doctypes, CDATA and processing instructions are skipped, raw-text elements (`script`,
    /// `style`, ...) are skipped to their end tag, and a tag cut off by the end of input is
    /// dropped. Every loop advances, so the work is linear in the input.
    struct Tokenizer {
        private let s: [Unicode.Scalar]
        private var i = 0
        /// Set after a raw-text start tag: its content is skipped before the next token.
        private var rawTextElement: String?

        init(_ scalars: [Unicode.Scalar]) { s = scalars }

        mutating func next() -> Token? {
            if let name = rawTextElement {
                rawTextElement = nil
                skipRawText(name)
            }
            while i < s.count {
                if s[i] == "<", startsMarkup(at: i) {
                    if let token = markup() { return token }
                    continue
                }
                let start = i
                i += 1
                while i < s.count, !(s[i] == "<" && startsMarkup(at: i)) { i += 1 }
                return .text(string(start..<i))
            }
            return nil
        }

        private func startsMarkup(at index: Int) -> Bool {
            guard index + 1 < s.count else { return false }
            let next = s[index + 1]
            return isASCIILetter(next) || next == "/" || next == "!" || next == "?"
        }

        /// Reads the markup at `<`; nil when it yields no token (comments and the like).
        private mutating func markup() -> Token? {
            let next = s[i + 1]
            if next == "!" {
                if matches("<!--", at: i) { skipComment() } else { skipPast(">") }
                return nil
            }
            if next == "?" { skipPast(">"); return nil }
            if next == "/" {
                guard i + 2 < s.count else {
                    // `</` at the very end is text.
                    let token = Token.text(string(i..<s.count))
                    i = s.count
                    return token
                }
                if s[i + 2] == ">" { i += 3; return nil }
                guard isASCIILetter(s[i + 2]) else { skipPast(">"); return nil }
                i += 2
                guard let (name, _, _) = tag() else { return nil }
                return .endTag(name: name)
            }
            i += 1
            guard let (name, attributes, selfClosing) = tag() else { return nil }
            if HTMLSanitiser.rawText.contains(name) { rawTextElement = name }
            return .startTag(name: name, attributes: attributes, selfClosing: selfClosing)
        }

        /// Name, attributes and self-closing flag, from the tag name to past `>`; nil if the
        /// input ends first.
        private mutating func tag() -> (String, [Attribute], Bool)? {
            var name = ""
            while i < s.count, !isSpace(s[i]), s[i] != "/", s[i] != ">" {
                name.unicodeScalars.append(lowercased(s[i]))
                i += 1
            }
            var attributes: [Attribute] = []
            while true {
                var slash = false
                while i < s.count, isSpace(s[i]) || s[i] == "/" {
                    slash = s[i] == "/"
                    i += 1
                }
                guard i < s.count else { return nil }
                if s[i] == ">" {
                    i += 1
                    return (name, attributes, slash)
                }
                // An attribute name may start with `=`; it runs to space, `/`, `>` or `=`.
                var attributeName = String(lowercased(s[i]))
                i += 1
                while i < s.count, !isSpace(s[i]), s[i] != "/", s[i] != ">", s[i] != "=" {
                    attributeName.unicodeScalars.append(lowercased(s[i]))
                    i += 1
                }
                while i < s.count, isSpace(s[i]) { i += 1 }
                var value = ""
                if i < s.count, s[i] == "=" {
                    i += 1
                    while i < s.count, isSpace(s[i]) { i += 1 }
                    guard i < s.count else { return nil }
                    if s[i] == "\"" || s[i] == "'" {
                        let quote = s[i]
                        let start = i + 1
                        guard let end = s[start...].firstIndex(of: quote) else { i = s.count; return nil }
                        value = string(start..<end)
                        i = end + 1
                    } else {
                        let start = i
                        while i < s.count, !isSpace(s[i]), s[i] != ">" { i += 1 }
                        value = string(start..<i)
                    }
                }
                // The first of duplicate attributes wins, as in the browser.
                if !attributes.contains(where: { $0.name == attributeName }) {
                    attributes.append(Attribute(name: attributeName, value: value))
                }
            }
        }

        /// `<!-- ... -->`, also closed by `--!>`, and the abrupt `<!-->` / `<!--->`.
        private mutating func skipComment() {
            var j = i + 4
            if j < s.count, s[j] == ">" { i = j + 1; return }
            if matches("->", at: j) { i = j + 2; return }
            while j < s.count {
                if matches("-->", at: j) { i = j + 3; return }
                if matches("--!>", at: j) { i = j + 4; return }
                j += 1
            }
            i = s.count
        }

        /// Skips to the end tag of a raw-text element (`</name` then space, `/` or `>`), or to
        /// the end of input; the end tag itself is read as the next token.
        private mutating func skipRawText(_ name: String) {
            guard name != "plaintext" else { i = s.count; return }
            let target = Array(("</" + name).unicodeScalars)
            var j = i
            while j + target.count < s.count {
                if s[j] == "<", s[j + 1] == "/", (0..<target.count).allSatisfy({ lowercased(s[j + $0]) == target[$0] }) {
                    let after = s[j + target.count]
                    if isSpace(after) || after == "/" || after == ">" {
                        i = j
                        return
                    }
                }
                j += 1
            }
            i = s.count
        }

        private mutating func skipPast(_ end: Unicode.Scalar) {
            if let index = s[i...].firstIndex(of: end) { i = index + 1 } else { i = s.count }
        }

        private func matches(_ literal: String, at index: Int) -> Bool {
            var j = index
            for scalar in literal.unicodeScalars {
                guard j < s.count, s[j] == scalar else { return false }
                j += 1
            }
            return true
        }

        private func string(_ range: Range<Int>) -> String {
            String(String.UnicodeScalarView(s[range]))
        }

        private func isSpace(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}"
        }

        private func isASCIILetter(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c)
        }

        private func lowercased(_ c: Unicode.Scalar) -> Unicode.Scalar {
            ("A"..."Z").contains(c) ? Unicode.Scalar(c.value + 32) ?? c : c
        }
    }
}
