extension KeywordQuery {
    /// Longer input is cut here: no real query is this long, and the cost of a query grows
    /// with its length.
    public static let maxCharacters = 1_000
    /// Words, phrases and author names kept at most; later ones are dropped with a note.
    public static let maxTerms = 32

    /// Parses the search box's text. Never fails; see `KeywordQuery` for the language.
    public init(parsing raw: String) {
        self.init()
        var input = Substring(raw)
        if input.count > Self.maxCharacters {
            input = input.prefix(Self.maxCharacters)
            notes.append("The query was cut to its first \(Self.maxCharacters) characters.")
        }
        // Control and format characters (NUL, ANSI escapes, bidi marks) separate words.
        let text = String(input.map { $0.isQueryNoise ? " " : $0 })
        if let id = ArxivID(text) { arxivID = id }

        var scanner = QueryScanner(text)
        var pendingOr = false, pendingNot = false, termCount = 0, dropped = false
        func admit() -> Bool {
            guard termCount < Self.maxTerms else { dropped = true; return false }
            termCount += 1
            return true
        }
        while let token = scanner.next() {
            if !token.quoted, token.field == nil, !token.negated {
                if token.value == "OR" { pendingOr = !clauses.isEmpty; continue }
                if token.value == "AND" { pendingOr = false; continue }
                if token.value == "NOT" { pendingNot = true; continue }
            }
            let negated = token.negated || pendingNot
            pendingNot = false
            let joinsPrevious = pendingOr
            pendingOr = false
            switch token.field {
            case "author":
                guard token.value.hasSearchableCharacter else { continue }
                if negated { notes.append("Excluding an author is not supported; ignored -author:\(token.value)."); continue }
                if admit() { authors.append(token.value) }
            case "cat":
                guard CategoryFilter.isValidPattern(token.value) else {
                    notes.append("Not a category: \(token.value) (try cat:cs.CL or cat:cs.*)."); continue
                }
                if negated { categories.exclude.append(token.value) } else { categories.include.append(token.value) }
            case "since", "until":
                guard let day = Day(token.value) else {
                    notes.append("Not a date: \(token.field!):\(token.value) (use YYYY-MM-DD)."); continue
                }
                if token.field == "since" { since = day } else { until = day }
            case "year":
                guard token.value.count == 4, let y = Int(token.value),
                      let first = Day(year: y, month: 1, day: 1), let last = Day(year: y, month: 12, day: 31) else {
                    notes.append("Not a year: year:\(token.value)."); continue
                }
                since = first; until = last
            default:
                guard token.value.hasSearchableCharacter else { continue }
                let term: Term = token.quoted ? .phrase(token.value) : .word(token.value)
                guard admit() else { continue }
                if negated {
                    excluded.append(term)
                } else if joinsPrevious, !clauses.isEmpty {
                    clauses[clauses.count - 1].append(term)
                } else {
                    clauses.append([term])
                }
            }
        }
        if dropped { notes.append("Only the first \(Self.maxTerms) words, phrases and authors were used.") }
    }

    /// The clauses to match in `mode`, without stopwords (unless the query has nothing else).
    /// `.any` joins every positive term into one clause: natural-language questions rarely
    /// contain every word of the documents that answer them, so ranking decides instead.
    public func matchClauses(_ mode: MatchMode) -> [[Term]] {
        let content = clauses.map { $0.filter { !$0.isStopword } }.filter { !$0.isEmpty }
        let kept = content.isEmpty ? clauses : content
        switch mode {
        case .all: return kept
        case .any:
            var seen = Set<Term>()
            let terms = kept.joined().filter { seen.insert($0).inserted }
            return terms.isEmpty ? [] : [terms]
        }
    }
}

/// How plain words combine: `.all` for people typing keywords, `.any` (ranked by relevance)
/// for natural-language questions and claims.
public enum MatchMode: String, Sendable, CaseIterable, Codable {
    case all, any
}

extension KeywordQuery.Term {
    var isStopword: Bool {
        if case .word(let w) = self { return QueryStopwords.contains(w) }
        return false
    }
}

/// One whitespace-separated token of a query: `-field:"value"` in its most general form.
struct QueryToken {
    var negated = false
    var field: String?
    var value: String
    var quoted = false
}

/// Splits a query into tokens. A `"` opens a phrase only at the start of a value; an
/// unbalanced one runs to the end of the input. Scans Unicode scalars, as SQLite does: a quote
/// followed by a combining mark is one Swift Character but still a quote.
struct QueryScanner {
    static let fields: Set<String> = ["author", "cat", "since", "until", "year"]
    private let chars: [Unicode.Scalar]
    private var i = 0

    init(_ text: String) { chars = Array(text.unicodeScalars) }

    private func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(chars[range])) }

    mutating func next() -> QueryToken? {
        while i < chars.count, chars[i].properties.isWhitespace { i += 1 }
        guard i < chars.count else { return nil }
        var token = QueryToken(value: "")
        if chars[i] == "-", i + 1 < chars.count, !chars[i + 1].properties.isWhitespace {
            token.negated = true
            i += 1
        }
        if let colon = fieldColon() {
            token.field = text(i..<colon).lowercased()
            i = colon + 1
        }
        if i < chars.count, chars[i] == "\"" {
            i += 1
            let start = i
            while i < chars.count, chars[i] != "\"" { i += 1 }
            token.value = text(start..<i).collapsingWhitespace()
            token.quoted = true
            if i < chars.count { i += 1 }
        } else {
            let start = i
            while i < chars.count, !chars[i].properties.isWhitespace { i += 1 }
            token.value = text(start..<i)
        }
        return token
    }

    /// The index of the `:` after a known field name at the cursor, if there is one.
    private func fieldColon() -> Int? {
        var j = i
        while j < chars.count, chars[j].isASCII, chars[j].properties.isAlphabetic, j - i < 8 { j += 1 }
        guard j < chars.count, chars[j] == ":", j > i,
              QueryScanner.fields.contains(text(i..<j).lowercased()) else { return nil }
        return j
    }
}

extension Character {
    /// Control (Cc) and invisible format (Cf) characters.
    var isQueryNoise: Bool {
        unicodeScalars.contains { $0.properties.generalCategory == .control || $0.properties.generalCategory == .format }
    }
}

extension StringProtocol {
    /// Has a letter or digit: something a full-text tokenizer keeps.
    var hasSearchableCharacter: Bool { contains { $0.isLetter || $0.isNumber } }
}
