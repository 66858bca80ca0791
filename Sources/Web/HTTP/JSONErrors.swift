/// What was wrong with a JSON body, in words for the client (never the decoder's internals).
enum JSONErrors {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, _): return "'\(key.stringValue)' is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
        case .dataCorrupted: return "the body is not valid JSON"
        @unknown default: return "the body could not be read"
        }
    }
}
