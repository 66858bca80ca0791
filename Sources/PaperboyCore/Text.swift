extension StringProtocol {
    /// The string without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// arXiv texts are hard-wrapped at ~80 columns with indented continuation lines: join the
    /// lines and collapse every run of whitespace to one space. LaTeX is kept as it is.
    public func collapsingWhitespace() -> String {
        // Most text is collapsed already (every Paper read back from storage is): confirm it on
        // the UTF-8 bytes, ~20x faster than the grapheme walk below.
        if utf8.isCollapsedWhitespace { return String(self) }
        var out = ""
        out.reserveCapacity(utf8.count)
        var pendingSpace = false
        for ch in self {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            }
        }
        return out
    }
}

extension Sequence<UInt8> {
    /// No leading, trailing or repeated spaces and no whitespace other than U+0020, judged on
    /// the bytes: ASCII controls 0x09–0x0D, and the UTF-8 forms of U+0085, U+00A0, U+1680,
    /// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (the rest of White_Space).
    /// False means "not sure": the caller then takes the exact path.
    var isCollapsedWhitespace: Bool {
        var previous: UInt8 = 0x20, beforePrevious: UInt8 = 0, sawByte = false
        for b in self {
            if b < 0x80 {
                if (0x09...0x0D).contains(b) || (b == 0x20 && previous == 0x20) { return false }
            } else {
                // After a space, a combining mark would join it into one whitespace Character
                // that the grapheme walk drops: leave anything non-ASCII there to that walk.
                let isWhitespace: Bool
                switch (beforePrevious, previous) {
                case (_, 0x20): isWhitespace = true
                case (_, 0xC2): isWhitespace = b == 0x85 || b == 0xA0
                case (0xE1, 0x9A): isWhitespace = b == 0x80
                case (0xE2, 0x80): isWhitespace = (0x80...0x8A).contains(b) || b == 0xA8 || b == 0xA9 || b == 0xAF
                case (0xE2, 0x81): isWhitespace = b == 0x9F
                case (0xE3, 0x80): isWhitespace = b == 0x80
                default: isWhitespace = false
                }
                if isWhitespace { return false }
            }
            beforePrevious = previous
            previous = b
            sawByte = true
        }
        return !sawByte || previous != 0x20
    }
}
