import Foundation
import PaperboyCore

/// arXiv's one-string author lists (`arXivRaw`, `.abs`, Kaggle `authors`, RSS `dc:creator`):
/// `A. One, B. Two, and C. Three (Univ. X, Y)`. Split on commas and " and " outside
/// parentheses; a trailing parenthesis is the affiliation; TeX accents are decoded.
enum AuthorList {
    static func parse(_ raw: String) -> [Author] {
        var names: [String] = []
        var current = ""
        var depth = 0
        func flush() {
            let name = current.trimmingWhitespace()
            if !name.isEmpty { names.append(name) }
            current = ""
        }
        let collapsed = raw.collapsingWhitespace()
        var rest = Substring(collapsed)
        while let ch = rest.first {
            if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) }
            if depth == 0, ch == "," {
                flush()
                rest = rest.dropFirst()
                continue
            }
            if depth == 0, ch == " ", rest.hasPrefix(" and ") {
                flush()
                rest = rest.dropFirst(5)
                continue
            }
            current.append(ch)
            rest = rest.dropFirst()
        }
        flush()
        return names.map(author)
    }

    /// One author's display name with any trailing `(affiliation)` split off.
    private static func author(_ s: String) -> Author {
        var name = s
        var affiliation: String?
        if name.hasSuffix(")"), let open = name.firstIndex(of: "("), open != name.startIndex {
            affiliation = String(name[name.index(after: open)..<name.index(before: name.endIndex)]).trimmingWhitespace()
            name = String(name[..<open]).trimmingWhitespace()
        }
        return Author(name: TeX.decodeAccents(name), affiliation: affiliation.map(TeX.decodeAccents))
    }
}

/// Just enough TeX to turn names such as `Bal\'azs`, `Macr\`i`, `M{\"u}ller` or `\v{S}koda`
/// into Unicode. Anything not understood is left as written.
enum TeX {
    private static let accents: [Character: Character] = [
        "'": "\u{301}", "`": "\u{300}", "^": "\u{302}", "\"": "\u{308}", "~": "\u{303}", "=": "\u{304}",
        ".": "\u{307}", "u": "\u{306}", "v": "\u{30C}", "H": "\u{30B}", "c": "\u{327}", "k": "\u{328}", "r": "\u{30A}",
    ]
    private static let letters: [String: String] = [
        "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ",
        "aa": "å", "AA": "Å", "i": "ı", "j": "ȷ",
    ]

    static func decodeAccents(_ s: String) -> String {
        guard s.contains("\\") else { return s }
        var out = ""
        var chars = Substring(s)
        while let ch = chars.first {
            chars = chars.dropFirst()
            guard ch == "\\", let next = chars.first else { out.append(ch); continue }
            if let mark = accents[next] {
                var rest = chars.dropFirst()
                // A letter accent (`\v`, `\c`) needs a brace or space before its base letter.
                if next.isLetter, rest.first != "{", rest.first != " " { out.append(ch); continue }
                if rest.first == " " { rest = rest.dropFirst() }
                var base: Substring
                if rest.first == "{", let close = rest.firstIndex(of: "}") {
                    base = rest[rest.index(after: rest.startIndex)..<close]
                    rest = rest[rest.index(after: close)...]
                } else if !rest.isEmpty {
                    base = rest.prefix(1)
                    rest = rest.dropFirst()
                } else { out.append(ch); continue }
                if base.hasPrefix("\\"), let letter = letters[String(base.dropFirst())] { base = Substring(letter) }
                guard base.count == 1, let b = base.first else { out.append(ch); continue }
                out.append(contentsOf: String(String(b) + String(mark)).precomposedStringWithCanonicalMapping)
                chars = rest
            } else {
                let word = chars.prefix(while: \.isLetter)
                if let letter = letters[String(word)], !word.isEmpty {
                    out.append(letter)
                    chars = chars.dropFirst(word.count)
                    if chars.first == " " { chars = chars.dropFirst() }
                } else {
                    out.append(ch)
                }
            }
        }
        // Braces that only grouped accented letters (`{\"u}`) have no meaning left.
        return out.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")
    }
}
