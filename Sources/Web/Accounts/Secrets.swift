import Crypto
import Foundation

/// Random secrets for cookies, tokens and links, and the one-way form the stores keep.
enum Secrets {
    /// 256 random bits, base64url without padding: safe in cookies, URLs and form fields.
    static func make(prefix: String = "") -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return prefix + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Whether `s` keeps to the base64url alphabet `make` writes: ASCII letters, digits, '-'
    /// and '_', safe in URLs, cookies and mentions without escaping.
    static func isURLSafe(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber
                                          || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")) }
    }

    /// SHA-256 in hex. Secrets are random and long, so a fast hash suffices (bcrypt is for
    /// passwords, which people choose).
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Compares without stopping at the first difference, so timing tells nothing of a token.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
