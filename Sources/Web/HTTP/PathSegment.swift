import Foundation

/// Route parameters arrive as they were sent, percent-encoding and all: `/papers/arXiv%3A2603.12267`
/// names the same paper as `/papers/arXiv:2603.12267`. Each segment is decoded exactly once,
/// before it is parsed (decoding twice would turn `%2541` into `A`).
enum PathSegment {
    static func decode(_ raw: String) throws -> String {
        guard raw.contains("%") else { return raw }
        guard let decoded = raw.removingPercentEncoding else {
            throw WebError.badRequest("malformed percent-encoding in the path segment '\(raw.prefix(60))'")
        }
        return decoded
    }
}
