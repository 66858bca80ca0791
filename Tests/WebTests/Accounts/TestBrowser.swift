import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

/// A browser in miniature over the in-process test client: keeps cookies, sends forms with
/// the CSRF token of the page they came from, and follows nothing by itself.
struct TestBrowser {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    /// The CSRF token of the last page shown.
    var csrf: String?

    init(_ client: any TestClientProtocol) { self.client = client }

    @discardableResult
    mutating func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        let r = try await client.execute(uri: uri, method: .get, headers: withCookies(headers))
        remember(r)
        return r
    }

    /// POSTs `fields` URL-encoded, with the page's CSRF token unless `csrf` says otherwise.
    @discardableResult
    mutating func post(_ uri: String, _ fields: [(String, String)], csrf: String? = nil, headers: HTTPFields = [:]) async throws -> TestResponse {
        var all = fields
        if let token = csrf ?? self.csrf { all.append(("csrf", token)) }
        let body = all.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        var h = withCookies(headers)
        h[.contentType] = "application/x-www-form-urlencoded"
        let r = try await client.execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
        remember(r)
        return r
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }

    func withCookies(_ headers: HTTPFields) -> HTTPFields {
        var h = headers
        if !cookies.isEmpty, h[.cookie] == nil { h[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        return h
    }

    private mutating func remember(_ r: TestResponse) {
        for line in r.headers[values: .setCookie] {
            let pair = line.split(separator: ";", maxSplits: 1)[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            let name = String(pair[0]).trimmingCharacters(in: .whitespaces)
            if line.lowercased().contains("max-age=0") { cookies[name] = nil } else { cookies[name] = String(pair[1]) }
        }
        if let token = Self.field("csrf", in: String(buffer: r.body)) { csrf = token }
    }

    /// The value of the first hidden input named `name` in a page.
    static func field(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "name=\"\(name)\" value=\"") else { return nil }
        let rest = html[start.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
