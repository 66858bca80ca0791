import Foundation

/// BibTeX for papers, in the shape arXiv's own "Export BibTeX citation" gives (`@misc` with
/// `eprint`, `archivePrefix` and `primaryClass`), which is what people paste into LaTeX.
public enum BibTeX {
    /// One entry per paper, keys made unique (`knuth1984literate`, then `…a`, `…b`).
    public static func entries(_ papers: [Paper]) -> String {
        var used: [String: Int] = [:]
        return papers.map { paper in
            let base = key(paper)
            let n = used[base, default: 0]
            used[base] = n + 1
            return entry(paper, key: n == 0 ? base : base + suffix(n))
        }.joined(separator: "\n")
    }

    public static func entry(_ p: Paper, key: String? = nil) -> String {
        var fields: [(String, String)] = [("title", p.title)]
        if !p.authors.isEmpty { fields.append(("author", p.authors.map(author).joined(separator: " and "))) }
        if let published = p.published { fields.append(("year", String(Day(published).year))) }
        fields += [("eprint", p.id), ("archivePrefix", "arXiv")]
        if let primary = p.primaryCategory { fields.append(("primaryClass", primary)) }
        if let doi = p.doi?.split(separator: " ").first { fields.append(("doi", String(doi))) }
        fields.append(("url", ArxivID(base: p.id, version: nil).absURL))
        let body = fields.map { "  \($0.0) = {\(value($0.1))}," }.joined(separator: "\n")
        return "@misc{\(key ?? self.key(p)),\n\(body)\n}\n"
    }

    /// First author's last name, year, first word of the title of four letters or more, in
    /// lowercase ASCII letters and digits: the scheme Google Scholar and arXiv use.
    public static func key(_ p: Paper) -> String {
        let surname = p.authors.first.map { $0.keyname ?? $0.name.split(separator: " ").last.map(String.init) ?? $0.name } ?? "anon"
        let word = p.title.split(whereSeparator: { !$0.isLetter }).first { $0.count >= 4 }.map(String.init) ?? ""
        let year = p.published.map { String(Day($0).year) } ?? ""
        let key = ascii(surname) + year + ascii(word)
        return key.isEmpty ? "arxiv" + ascii(p.id) : key
    }

    /// A field's text with balanced braces (an unmatched one would end the entry early or
    /// swallow the next), no control characters and single spaces.
    static func value(_ text: String) -> String {
        let flat = text.unicodeScalars.map { CharacterSet.controlCharacters.contains($0) || CharacterSet.whitespacesAndNewlines.contains($0) ? " " : Character($0) }
        var out: [Character] = []
        var open: [Int] = []
        for c in String(flat).split(separator: " ").joined(separator: " ") {
            if c == "{" { open.append(out.count) } else if c == "}" {
                guard open.popLast() != nil else { continue }
            }
            out.append(c)
        }
        for i in open.reversed() { out.remove(at: i) }
        // A trailing backslash would escape the closing brace for some readers.
        while out.last == "\\" { out.removeLast() }
        return String(out)
    }

    /// "A and B" separates authors, and a comma turns "First Last" into "Last, First": a name
    /// holding either is braced so it stays one name, as written.
    private static func author(_ a: Author) -> String {
        let name = value(a.name)
        return name.contains(",") || name.lowercased().contains(" and ") ? "{\(name)}" : name
    }

    private static func ascii(_ s: String) -> String {
        let folded = s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return String(folded.unicodeScalars.filter { ($0.value >= 0x61 && $0.value <= 0x7a) || ($0.value >= 0x30 && $0.value <= 0x39) }.map(Character.init))
    }

    /// a, b, …, z, aa, ab, …
    private static func suffix(_ n: Int) -> String {
        var n = n - 1, s = ""
        repeat {
            s = String(UnicodeScalar(UInt8(97 + n % 26))) + s
            n = n / 26 - 1
        } while n >= 0
        return s
    }
}
