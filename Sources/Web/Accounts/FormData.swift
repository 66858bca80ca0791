import Foundation
import Hummingbird

/// The fields of an `application/x-www-form-urlencoded` body (see `URLEncoded`).
struct FormData: Sendable {
    private var fields: [String: String] = [:]

    init() {}

    init(_ body: ByteBuffer) throws {
        guard let text = body.getString(at: body.readerIndex, length: body.readableBytes), text.utf8.allSatisfy({ $0 < 0x80 }) else {
            throw WebError.badRequest("the form body must be URL-encoded ASCII")
        }
        fields = try URLEncoded.fields(Substring(text), source: "form")
    }

    subscript(_ name: String) -> String? { fields[name] }

    /// A required field, trimmed, at most `maxLength` characters.
    func required(_ name: String, label: String, maxLength: Int = 200) throws -> String {
        let value = (fields[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !value.isEmpty else { throw FormError("\(label) is required") }
        guard value.count <= maxLength else { throw FormError("\(label) is longer than \(maxLength) characters") }
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw FormError("\(label) contains control characters")
        }
        return value
    }

    /// A password as typed (no trimming), at most 200 characters: bcrypt reads 72 bytes, and
    /// longer input only costs the server time.
    func password(_ name: String, label: String = "Password") throws -> String {
        let value = fields[name] ?? ""
        guard !value.isEmpty else { throw FormError("\(label) is required") }
        guard value.count <= 200 else { throw FormError("\(label) is longer than 200 characters") }
        return value
    }
}

/// A form field the person must correct: shown above the form again, with status 422.
struct FormError: Error, Equatable {
    let message: String
    init(_ message: String) { self.message = message }
}
