import Foundation
import Hummingbird
import PaperboyCore

/// The request's query string, decoded strictly: `+` is a space, percent-encoding must be
/// well formed, and typed getters refuse bad values with a 400 naming the parameter.
struct QueryParams {
    private var values: [String: String] = [:]

    init(_ request: Request) throws {
        guard let query = request.uri.query, !query.isEmpty else { return }
        values = try URLEncoded.fields(Substring(query), source: "query string")
    }

    /// The value, or nil when absent or empty.
    func string(_ name: String) -> String? {
        guard let v = values[name], !v.isEmpty else { return nil }
        return v
    }

    func int(_ name: String, default value: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let raw = string(name) else { return value }
        guard let n = Int(raw.trimmingWhitespace()), range.contains(n) else {
            throw WebError.badRequest("parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound), got '\(raw.prefix(40))'")
        }
        return n
    }

    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default value: T) throws -> T where T.RawValue == String {
        guard let raw = string(name) else { return value }
        guard let v = T(rawValue: raw) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw WebError.badRequest("parameter '\(name)' must be one of \(allowed), got '\(raw.prefix(40))'")
        }
        return v
    }

    /// `?cat=cs.CL,cs.LG&exclude=cs.CV&code=1`. Unlike `CategoryFilter(include:exclude:)`, which
    /// drops what it cannot read, a page request naming a bad category is told so.
    func filter() throws -> CategoryFilter {
        for name in ["cat", "exclude"] {
            guard let raw = string(name) else { continue }
            guard raw.count <= 300 else { throw WebError.badRequest("parameter '\(name)' is too long (at most 300 characters)") }
            for item in raw.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "+" }) where !CategoryFilter.isValidPattern(String(item)) {
                throw WebError.badRequest("parameter '\(name)': '\(item.prefix(40))' is not a category (like cs.CL, hep-th or math.*)")
            }
        }
        var filter = CategoryFilter(include: string("cat"), exclude: string("exclude"))
        filter.withCode = try flag("code", meaning: "only papers with code")
        return filter
    }

    /// `1` or `true` for yes; `0`, `false` or absent for no.
    func flag(_ name: String, meaning: String) throws -> Bool {
        guard let raw = string(name) else { return false }
        switch raw.lowercased() {
        case "1", "true": return true
        case "0", "false": return false
        default: throw WebError.badRequest("parameter '\(name)' must be 1 (\(meaning)) or 0, got '\(raw.prefix(40))'")
        }
    }
}
