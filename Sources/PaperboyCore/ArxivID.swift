/// An arXiv identifier: new style (`2403.01234`, `0704.0001`) or old style (`hep-th/9901001`),
/// optionally with a version. Parsing accepts the forms people paste: `arXiv:` prefixes and
/// abs/pdf/html URLs on arxiv.org or export.arxiv.org, any version, with or without `.pdf`.
public struct ArxivID: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    /// The id without version, e.g. `2403.01234` or `hep-th/9901001`. Papers are keyed by this.
    public let base: String
    public let version: Int?

    public init?(_ raw: String) {
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
        self.base = String(s)
        self.version = version
    }

    public init(base: String, version: Int?) {
        self.base = base
        self.version = version
    }

    /// `YYMM.NNNN` (2007–2014) or `YYMM.NNNNN` (2015 on), or `archive[.SUBJ]/YYMMNNN`.
    static func isValidBase(_ s: Substring) -> Bool {
        if let slash = s.firstIndex(of: "/") {
            let archive = s[..<slash], number = s[s.index(after: slash)...]
            guard !archive.isEmpty, archive.count <= 20,
                  archive.allSatisfy({ $0.isASCIILetter || $0 == "-" || $0 == "." }),
                  archive.first!.isASCIILetter,
                  number.count == 7, number.allSatisfy(\.isASCIIDigit) else { return false }
            return true
        }
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy(\.isASCIIDigit),
              (4...5).contains(parts[1].count), parts[1].allSatisfy(\.isASCIIDigit) else { return false }
        let month = Int(parts[0].suffix(2))!
        return (1...12).contains(month)
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
