import Foundation

/// The character rules of Hugging Face's BertNormalizer and BertPreTokenizer (`tokenizers`,
/// Rust), which differ in places from Python's `str` methods: see
/// shared/reference/all-MiniLM-L6-v2/README.md for the cases the reference pins down.
enum BertNormalizer {
    /// Clean text, space out CJK ideographs, strip accents and lowercase, in that order.
    static func normalize(_ text: String, options: TokenizerOptions) -> [Unicode.Scalar] {
        var cleaned = String.UnicodeScalarView()
        var isASCII = true
        for scalar in text.unicodeScalars {
            if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) {
                cleaned.append(" ")
            } else if options.splitChineseCharacters && isCJKIdeograph(scalar) {
                cleaned.append(" ")
                cleaned.append(scalar)
                cleaned.append(" ")
            } else {
                cleaned.append(scalar)
            }
            isASCII = isASCII && scalar.isASCII
        }
        if isASCII {
            return options.lowercase ? cleaned.map { asciiLowercase($0) } : Array(cleaned)
        }
        var scalars: [Unicode.Scalar]
        if options.stripAccents {
            scalars = String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
                .filter { $0.properties.generalCategory != .nonspacingMark }
        } else {
            scalars = Array(cleaned)
        }
        if options.lowercase {
            // Per character, without context: a final capital sigma becomes σ, never ς.
            var lowered: [Unicode.Scalar] = []
            lowered.reserveCapacity(scalars.count)
            for scalar in scalars {
                if scalar.isASCII {
                    lowered.append(asciiLowercase(scalar))
                } else {
                    lowered.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
                }
            }
            scalars = lowered
        }
        return scalars
    }

    private static func asciiLowercase(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value + 0x20)) : scalar
    }

    /// Tab, newline and carriage return, plus the Unicode White_Space set (as Rust's
    /// `char::is_whitespace`). Control characters among them (VT, FF, NEL) never get here:
    /// cleaning removes them first.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r": return true
        default: return !scalar.isASCII && scalar.properties.isWhitespace
        }
    }

    /// Cc, Cf and Co (control, format, private use), except tab, newline and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return false
        default:
            if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
            switch scalar.properties.generalCategory {
            case .control, .format, .privateUse: return true
            default: return false
            }
        }
    }

    /// ASCII punctuation and symbols, plus every Unicode punctuation (P*) character. Non-ASCII
    /// symbols (S*: °, ±, €, emoji) are not split off.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (0x21...0x2F).contains(v) || (0x3A...0x40).contains(v) || (0x5B...0x60).contains(v) || (0x7B...0x7E).contains(v)
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    /// The CJK ideograph blocks BERT splits one per token (kana, Hangul, Thai are not in them).
    static func isCJKIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
