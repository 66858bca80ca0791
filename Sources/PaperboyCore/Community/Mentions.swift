/// `@username` mentions in a comment's text: an `@` at the start or after a character that
/// cannot be part of an address (so `ada@example.org` mentions nobody), then a username's
/// characters. Each name once, in order of appearance.
public enum Mentions {
    public static func find(in text: String) -> [String] {
        var found: [String] = []
        var seen = Set<String>()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            defer { i += 1 }
            guard scalars[i] == "@", i == 0 || !isNameCharacter(scalars[i - 1]) else { continue }
            var end = i + 1
            while end < scalars.count, isNameCharacter(scalars[end]), end - i <= maxLength { end += 1 }
            guard end > i + 1, end - i - 1 <= maxLength else { continue }
            let name = String(String.UnicodeScalarView(scalars[(i + 1)..<end]))
            if seen.insert(name.lowercased()).inserted { found.append(name) }
            i = end - 1
        }
        return found
    }

    /// Usernames are at most this long (sign-up's rule).
    static let maxLength = 32

    private static func isNameCharacter(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == "-")
    }
}
