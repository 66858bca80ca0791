/// Which papers a listing or search keeps: those in any of `include` (empty = all), none of
/// `exclude`, and with `withCode` only those with a code repository (`CodeLinks.hasCode`, as
/// corrected; stores check that, `matches` does not). Entries ending in `.*` (or a bare archive
/// like `cs`) match a whole archive.
public struct CategoryFilter: Hashable, Sendable {
    public var include: [String]
    public var exclude: [String]
    public var withCode: Bool

    public init(include: [String] = [], exclude: [String] = [], withCode: Bool = false) {
        self.include = include; self.exclude = exclude; self.withCode = withCode
    }

    /// Parses the `?cat=cs.CL,cs.LG&exclude=cs.CV` form; drops anything that is not a category.
    public init(include: String?, exclude: String?) {
        func list(_ s: String?) -> [String] {
            (s ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "+" })
                .map(String.init).filter(CategoryFilter.isValidPattern)
        }
        self.init(include: list(include), exclude: list(exclude))
    }

    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty && !withCode }

    public func matches(_ categories: [String]) -> Bool {
        if !include.isEmpty, !categories.contains(where: { c in include.contains { CategoryFilter.pattern($0, matches: c) } }) {
            return false
        }
        return !categories.contains(where: { c in exclude.contains { CategoryFilter.pattern($0, matches: c) } })
    }

    /// `cs.CL` matches exactly; `cs.*` and `cs` match `cs` and every `cs.XX`.
    public static func pattern(_ p: String, matches c: String) -> Bool {
        if p.hasSuffix(".*") {
            let archive = p.dropLast(2)
            return c == archive || c.hasPrefix(archive + ".")
        }
        return c == p || (!p.contains(".") && c.hasPrefix(p + "."))
    }

    /// A lowercase archive (`cs`, `hep-th`, `cond-mat`), optionally `.` and a subject class
    /// (`cs.CL`, `math.GT`, `cond-mat.stat-mech`), optionally ending in `.*`. Archives are
    /// lowercase on arXiv, which keeps words like `OR` from passing as categories.
    public static func isValidPattern(_ s: String) -> Bool {
        let body = s.hasSuffix(".*") ? s.dropLast(2) : Substring(s)
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let archive = parts.first, !archive.isEmpty, body.count <= 40, archive.first?.isLetter == true,
              archive.allSatisfy({ $0.isASCII && ($0.isLowercase || $0 == "-") }) else { return false }
        return parts.count == 1 || (!parts[1].isEmpty
            && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
    }

    /// Query-string form, for links that keep the filter across navigation.
    public var queryItems: [(String, String)] {
        var items: [(String, String)] = []
        if !include.isEmpty { items.append(("cat", include.joined(separator: ","))) }
        if !exclude.isEmpty { items.append(("exclude", exclude.joined(separator: ","))) }
        if withCode { items.append(("code", "1")) }
        return items
    }
}
