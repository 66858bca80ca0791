extension StringProtocol {
    /// The string without leading and trailing whitespace and newlines.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }

    /// arXiv texts are hard-wrapped at ~80 columns with indented continuation lines: join the
    /// lines and collapse every run of whitespace to one space. LaTeX is kept as it is.
    /// Whitespace is Unicode's White_Space property. This runs on every title and abstract of
    /// every import, so it is a loop over UTF-8 bytes (`Character.isWhitespace` took over half
    /// of an import's time).
    public func collapsingWhitespace() -> String {
        var source = String(self)
        source.makeContiguousUTF8()   // a no-op for native strings; bridged ones get copied
        return source.utf8.withContiguousStorageIfAvailable(collapseWhitespace)!
    }
}

private func collapseWhitespace(_ input: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: input.count) { out in
        guard let src = input.baseAddress, let dst = out.baseAddress else { return 0 }
        let count = input.count
        var n = 0, i = 0
        var pendingSpace = false
        // Fast path: sixteen bytes that come out as they are (printable ASCII and lone spaces
        // between words), which is most of an abstract. Tried again 16 bytes after it fails.
        var tryWholeAt = 0
        while i < count {
            if i >= tryWholeAt, i + 17 <= count, !pendingSpace, n > 0 || src[i] != 0x20 {
                if isUnchanged16(src + i) {
                    (dst + n).update(from: src + i, count: 16)
                    n += 16; i += 16
                    continue
                }
                tryWholeAt = i + 16
            }
            let b = src[i]
            // Fast path: ASCII above the space (0x21–0x7F) is never whitespace.
            if b > 0x20 && b < 0x80 {
                if pendingSpace { if n > 0 { dst[n] = 0x20; n += 1 }; pendingSpace = false }
                dst[n] = b; n += 1; i += 1
                continue
            }
            // NUL is dropped: SQLite would end the bound text there (see `Paper.removingNULs`).
            if b == 0 { i += 1; continue }
            let ws = whitespaceWidth(input, at: i)
            if ws > 0 { pendingSpace = true; i += ws; continue }
            let width = min(b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4, count - i)
            if pendingSpace { if n > 0 { dst[n] = 0x20; n += 1 }; pendingSpace = false }
            (dst + n).update(from: src + i, count: width)
            n += width; i += width
        }
        return n
    }
}

/// Whether the 16 bytes at `p` are printable ASCII or spaces followed by printable ASCII (the
/// byte after them, `p[16]`, must be readable): what `collapseWhitespace` copies unchanged.
@inline(__always)
private func isUnchanged16(_ p: UnsafePointer<UInt8>) -> Bool {
    let v = UnsafeRawPointer(p).loadUnaligned(as: SIMD16<UInt8>.self)
    let next = UnsafeRawPointer(p + 1).loadUnaligned(as: SIMD16<UInt8>.self)
    let space = SIMD16<UInt8>(repeating: 0x20), ascii = SIMD16<UInt8>(repeating: 0x80)
    let printable = (v .> space) .& (v .< ascii)
    let loneSpace = (v .== space) .& (next .> space) .& (next .< ascii)
    return all(printable .| loneSpace)
}

/// Length of the White_Space character starting at `i`, or 0. Unicode's White_Space set is
/// small and fixed: TAB…CR, SPACE, U+0085, U+00A0, U+1680, U+2000…U+200A, U+2028, U+2029,
/// U+202F, U+205F, U+3000.
@inline(__always)
private func whitespaceWidth(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
    let b = p[i]
    if b < 0x80 { return b == 0x20 || (0x09...0x0D).contains(b) ? 1 : 0 }
    let remaining = p.count - i
    switch b {
    case 0xC2: return remaining >= 2 && (p[i + 1] == 0x85 || p[i + 1] == 0xA0) ? 2 : 0
    case 0xE1: return remaining >= 3 && p[i + 1] == 0x9A && p[i + 2] == 0x80 ? 3 : 0
    case 0xE2:
        guard remaining >= 3 else { return 0 }
        let (b1, b2) = (p[i + 1], p[i + 2])
        if b1 == 0x80, (0x80...0x8A).contains(b2) || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { return 3 }
        return b1 == 0x81 && b2 == 0x9F ? 3 : 0
    case 0xE3: return remaining >= 3 && p[i + 1] == 0x80 && p[i + 2] == 0x80 ? 3 : 0
    default: return 0
    }
}
