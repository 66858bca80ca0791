import Foundation

extension URL {
    /// The URL with `items` as its query, every byte outside RFC 3986's unreserved set
    /// percent-encoded: resumption tokens may hold `|`, `+`, `&` or `=`.
    func with(query items: [(String, String)]) -> URL {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let query = items.map { name, value in
            "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? value)"
        }.joined(separator: "&")
        var components = URLComponents(url: self, resolvingAgainstBaseURL: false)!
        components.percentEncodedQuery = query
        return components.url!
    }
}
