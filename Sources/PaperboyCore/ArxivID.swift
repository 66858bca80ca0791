/// An arXiv identifier: new style (`2403.01234`, `0704.0001`) or old style (`hep-th/9901001`),
/// optionally with a version. Parsing accepts the forms people paste: `arXiv:` prefixes and
/// abs/pdf/html URLs on arxiv.org or export.arxiv.org, any version, with or without `.pdf`.
public struct ArxivID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The id without version, e.g. `2403.01234` or `hep-th/9901001`. Papers are keyed by this.
    public let base: String
    public let version: Int?

    public init?(_ raw: String) {
        guard let id = Self.bare(raw) ?? Self.parse(raw) else { return nil }
        self = id
    }

    /// The general parser: prefixes, URLs, whitespace.
    static func parse(_ raw: String) -> ArxivID? {
        var s = Substring(raw.trimmingWhitespace())
        if let range = s.range(of: "arxiv.org/", options: .caseInsensitive) {
            s = s[range.upperBound...]
            for prefix in ["abs/", "pdf/", "html/", "format/"] where s.hasPrefix(prefix) {
                s = s.dropFirst(prefix.count)
                break
            }
            if let cut = s.firstIndex(where: { $0 == "?" || $0 == "#" }) { s = s[..<cut] }
            if s.hasSuffix(".pdf") { s = s.dropLast(4) }
            while s.hasSuffix("/") { s = s.dropLast() }
        } else if s.lowercased().hasPrefix("arxiv:") {
            s = s.dropFirst(6)
        } else if s.hasPrefix("oai:arXiv.org:") {
            s = s.dropFirst("oai:arXiv.org:".count)
        }
        var version: Int?
        if let v = s.lastIndex(of: "v"), v != s.startIndex, s[s.index(before: v)].isASCIIDigit {
            let digits = s[s.index(after: v)...]
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits), n > 0 else { return nil }
            version = n
            s = s[..<v]
        }
        guard ArxivID.isValidBase(s) else { return nil }
        return ArxivID(base: String(s), version: version)
    }

    public init(base: String, version: Int?) {
        self.base = base
        self.version = version
    }

    /// The id as bulk sources write it, `2403.01234`, `2403.01234v2` or `hep-th/9901001`, read
    /// from its bytes; nil for anything else, which `parse` then reads. An import
    /// reads one id per record, and `Character` tests and a case-insensitive search for URLs
    /// had been a tenth of its parsing time. Accepts only what the general parser reads the
    /// same way (no prefix, no whitespace, no dot in an old-style archive name).
    static func bare(_ raw: String) -> ArxivID? {
        var raw = raw
        return raw.withUTF8 { u -> ArxivID? in
            func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
            func isNumber(_ r: Range<Int>) -> Bool { ASCIIDecimal.value(u, r) != nil }
            // The version: a `v` after a digit and a positive number.
            var end = u.count, version: Int?
            if let v = u.lastIndex(of: UInt8(ascii: "v")), v > 0, isNumber(v - 1..<v) {
                guard let n = ASCIIDecimal.value(u, v + 1..<u.count), n > 0 else { return nil }
                version = n
                end = v
            }
            if let slash = u[..<end].firstIndex(of: UInt8(ascii: "/")) {
                guard (1...20).contains(slash), isLetter(u[0]),
                      (0..<slash).allSatisfy({ isLetter(u[$0]) || u[$0] == UInt8(ascii: "-") }),
                      end - slash - 1 == 7, isNumber(slash + 1..<end) else { return nil }
            } else {
                guard (9...10).contains(end), u[4] == UInt8(ascii: "."), isNumber(0..<4), isNumber(5..<end),
                      let month = ASCIIDecimal.value(u, 2..<4), (1...12).contains(month) else { return nil }
            }
            return ArxivID(base: String(decoding: UnsafeBufferPointer(rebasing: u[..<end]), as: UTF8.self), version: version)
        }
    }

    /// `YYMM.NNNN` (2007–2014) or `YYMM.NNNNN` (2015 on), or `archive[.SUBJ]/YYMMNNN`.
    static func isValidBase(_ s: Substring) -> Bool {
        if let slash = s.firstIndex(of: "/") {
            let archive = s[..<slash], number = s[s.index(after: slash)...]
            guard !archive.isEmpty, archive.count <= 20,
                  archive.allSatisfy({ $0.isASCIILetter || $0 == "-" || $0 == "." }),
                  archive.first?.isASCIILetter == true,
                  number.count == 7, number.allSatisfy(\.isASCIIDigit) else { return false }
            return true
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit),
              (4...5).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit) else { return false }
        return Int(parts[0].suffix(2)).map { (1...12).contains($0) } ?? false
    }

    public var isOldStyle: Bool { base.contains("/") }
    public var description: String { version.map { "\(base)v\($0)" } ?? base }
    public var absURL: String { "https://arxiv.org/abs/\(description)" }
    public var pdfURL: String { "https://arxiv.org/pdf/\(description)" }

    public static func < (a: ArxivID, b: ArxivID) -> Bool {
        a.base == b.base ? (a.version ?? 0) < (b.version ?? 0) : a.base < b.base
    }

    public init(from decoder: Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let id = ArxivID(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an arXiv id: \(raw)"))
        }
        self = id
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
