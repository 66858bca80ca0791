/// `application/x-www-form-urlencoded` text, as query strings and form bodies carry it:
/// `+` is a space, percent-encoding must be well formed UTF-8, and the first occurrence of a
/// name wins (as in most frameworks).
enum URLEncoded {
    /// `source` names where the text came from in errors ("query string", "form").
    static func fields(_ text: Substring, source: String) throws -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try decode(kv[0], what: "parameter name", source: source)
            let value = kv.count > 1 ? try decode(kv[1], what: "value of '\(key.prefix(40))'", source: source) : ""
            if fields[key] == nil { fields[key] = value }
        }
        return fields
    }

    private static func decode(_ s: Substring, what: String, source: String) throws -> String {
        guard let decoded = s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
            throw WebError.badRequest("malformed percent-encoding in the \(what) of the \(source)")
        }
        return decoded
    }
}
