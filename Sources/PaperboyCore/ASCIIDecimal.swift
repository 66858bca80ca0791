/// Decimal numbers written in ASCII digits, read straight from bytes: the date and id parsers
/// read their fixed fields (`2024`, `07`, the `3` of `v3`) this way rather than through
/// substrings and `Int(_:)`, which showed in an import's profile.
public enum ASCIIDecimal {
    /// The number `bytes[range]` spells; nil when the range is empty, runs past the bytes, holds
    /// anything but digits, or more than 18 of them (more than an `Int` is sure to hold).
    @inlinable
    public static func value(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        guard !range.isEmpty, range.count <= 18, range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        var n = 0
        for i in range {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { return nil }
            n = n * 10 + Int(digit)
        }
        return n
    }
}
