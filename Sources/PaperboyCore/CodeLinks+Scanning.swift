extension CodeLinks {
    /// The first link of each kind in `texts`, in order. One pass over each text's bytes.
    init(scanning texts: [String]) {
        self.init()
        for text in texts {
            LinkScanner.scan(text) { link in
                switch link {
                case .github(let url): if github == nil { github = url }
                case .gitlab(let url): if gitlab == nil { gitlab = url }
                case .huggingFace(let url): if huggingFace == nil { huggingFace = url }
                case .page(let url): if projectPage == nil { projectPage = url }
                }
            }
        }
    }
}

/// Finds URLs in abstracts and comments and sorts them into repositories, Hugging Face pages
/// and web pages, in normal form. Text is cut into tokens at bytes no URL has unescaped
/// (spaces, quotes, angle brackets, braces, backslashes, anything not ASCII), so `\url{…}`,
/// `\href{…}{…}` and `…/b"onmouseover=` end where the URL does; LaTeX's `\_`, `\%`, `\#`,
/// `\&`, `\~` stand for the character. Every byte is looked at a bounded number of times,
/// so hostile input costs time linear in its length.
enum LinkScanner {
    enum Link: Equatable { case github(String), gitlab(String), huggingFace(String), page(String) }

    /// Longer candidates are not URLs anyone typed into an abstract.
    static let maxLength = 500

    /// Calls `found` with each link of `text`, in order. Only the tokens around a hint of a
    /// link (`isHint`) are read whole: most of an abstract is words, and every import asks.
    /// Tokens do not overlap, so no byte is read more than three times.
    static func scan(_ text: String, _ found: (Link) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var token: [UInt8] = []
            // Where the last token read ended: the next one starts after it.
            var consumed = 0
            var i = 0
            while i < bytes.count {
                guard isHint(bytes, at: i) else { i += 1; continue }
                var start = i
                while start > consumed, isInToken(bytes, at: start - 1) { start -= 1 }
                token.removeAll(keepingCapacity: true)
                var end = start
                while end < bytes.count, isInToken(bytes, at: end) {
                    if bytes[end] == UInt8(ascii: "\\") { end += 1 }  // `\_` is `_`
                    token.append(bytes[end])
                    end += 1
                }
                if let link = candidate(token[...]) { found(link) }
                consumed = end
                i = end
            }
        }
    }

    /// `://` at `i`, or a dot that may end the host of a link people write without a scheme
    /// (`github.com/`, `hf.co/`, `name.github.io`). Two byte compares for most bytes.
    private static func isHint(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        switch bytes[i] {
        case UInt8(ascii: ":"): return matches(Pattern.slashes, in: bytes, at: i + 1)
        case UInt8(ascii: "."): return Pattern.afterDot.contains { matches($0, in: bytes, at: i + 1) }
        default: return false
        }
    }

    /// Whether the byte at `i` belongs to a token: not a delimiter, or the backslash of a LaTeX escape.
    private static func isInToken(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
        guard bytes[i] == UInt8(ascii: "\\") else { return !isDelimiter(bytes[i]) }
        return i + 1 < bytes.count && isLaTeXEscaped(bytes[i + 1])
    }

    /// `text` as exactly one link, as a person would type it into a form.
    static func link(_ text: String) -> Link? {
        guard let token = wholeToken(text) else { return nil }
        return candidate(token)
    }

    /// `text` as one http(s) URL with a host name, whatever the site (a project page).
    static func webPage(_ text: String) -> String? {
        guard let token = wholeToken(text), schemeStart(token) == token.startIndex else { return nil }
        return ParsedURL(token, schemeless: false)?.text
    }

    private static func wholeToken(_ text: String) -> ArraySlice<UInt8>? {
        let bytes = Array(text.trimmingWhitespace().utf8)
        guard !bytes.isEmpty, !bytes.contains(where: isDelimiter) else { return nil }
        return bytes[...]
    }

    /// The link a token holds: from its `http://` or `https://` on, else (only for the hosts
    /// people write without a scheme) from its first letter or digit.
    private static func candidate(_ token: ArraySlice<UInt8>) -> Link? {
        guard token.count >= 6 else { return nil }
        if let start = schemeStart(token) { return ParsedURL(token[start...], schemeless: false)?.link }
        guard let start = token.firstIndex(where: isAlphanumeric), startsWithBareHost(token[start...]) else { return nil }
        return ParsedURL(token[start...], schemeless: true)?.link
    }

    /// Where `http://` or `https://` (any case) starts in the token.
    private static func schemeStart(_ token: ArraySlice<UInt8>) -> Int? {
        token.indices.first { lower(token[$0]) == UInt8(ascii: "h") && schemeLength(token[$0...]) != nil }
    }

    /// 7 for `http://`, 8 for `https://` (any case) at the start of `bytes`.
    static func schemeLength(_ bytes: ArraySlice<UInt8>) -> Int? {
        [Pattern.https, Pattern.http].first { matches($0, in: bytes, at: bytes.startIndex) }?.count
    }

    /// Whether a schemeless token starts with a code site's host or a `github.io` page's: a
    /// cheap test, so only those are parsed (`ParsedURL.link` decides).
    private static func startsWithBareHost(_ token: ArraySlice<UInt8>) -> Bool {
        var host = token[..<(token.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? token.endIndex)]
        while let last = host.last, !isAlphanumeric(last) { host = host.dropLast() }
        if matches(Pattern.www, in: host, at: host.startIndex) { host = host.dropFirst(Pattern.www.count) }
        return Pattern.bareHosts.contains { $0.count == host.count && matches($0, in: host, at: host.startIndex) }
            || matches(Pattern.githubIO, in: host, at: host.endIndex - Pattern.githubIO.count)
    }

    /// Lower-case ASCII, compared without case.
    private enum Pattern {
        static let https = Array("https://".utf8), http = Array("http://".utf8), slashes = Array("//".utf8), www = Array("www.".utf8)
        static let afterDot = ["com/", "co/", "io"].map { Array($0.utf8) }
        static let githubIO = Array(".github.io".utf8)
        static let bareHosts = ["github.com", "gitlab.com", "huggingface.co", "hf.co"].map { Array($0.utf8) }
    }

    /// Whether `pattern` (lower case) stands at `i` in `bytes`, in any case.
    private static func matches<Bytes: RandomAccessCollection<UInt8>>(_ pattern: [UInt8], in bytes: Bytes, at i: Int) -> Bool
    where Bytes.Index == Int {
        guard i >= bytes.startIndex, bytes.endIndex - i >= pattern.count else { return false }
        return pattern.indices.allSatisfy { lower(bytes[i + $0]) == pattern[$0] }
    }

    private static func isDelimiter(_ b: UInt8) -> Bool {
        b <= 0x20 || b >= 0x7F || b == UInt8(ascii: "\"") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
            || b == UInt8(ascii: "\\") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") || b == UInt8(ascii: "|")
            || b == UInt8(ascii: "^") || b == UInt8(ascii: "`")
    }

    private static func isLaTeXEscaped(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "_") || b == UInt8(ascii: "%") || b == UInt8(ascii: "#") || b == UInt8(ascii: "&") || b == UInt8(ascii: "~")
    }

    static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (lower(b) >= UInt8(ascii: "a") && lower(b) <= UInt8(ascii: "z"))
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b + 32 : b }
}
