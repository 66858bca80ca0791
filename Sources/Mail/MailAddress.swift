/// The addresses we send to and from: a plain ASCII addr-spec (`local@domain`). No display
/// names, comments or SMTPUTF8: what a sign-up form and an operator's setting need.
public enum MailAddress {
    public struct Invalid: Error, CustomStringConvertible {
        let address: String
        let reason: String
        public var description: String { "'\(address.unicodeScalars.map { $0.escaped(asASCII: true) }.joined())' is not a mail address: \(reason)" }
    }

    /// Characters that would break out of `<…>` in MAIL FROM / RCPT TO or out of a header.
    private static let forbidden = Set("<>()[]\\,;:\" ".unicodeScalars)

    public static func check(_ address: String) throws(Invalid) {
        guard address.utf8.count <= 254 else { throw Invalid(address: address, reason: "longer than 254 characters") }
        guard address.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 32 && $0.value < 127 }) else {
            throw Invalid(address: address, reason: "only printable ASCII without spaces is supported")
        }
        if let bad = address.unicodeScalars.first(where: forbidden.contains) {
            throw Invalid(address: address, reason: "'\(bad)' is not allowed")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw Invalid(address: address, reason: "expected one '@' between a local part and a domain")
        }
    }
}
