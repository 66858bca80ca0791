import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `HTTPTransport` over URLSession: no cache, no cookies, one connection per host.
public final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    // URLSession is thread-safe; the class only holds it.
    private let session: URLSession

    public init() {
        let config = URLSessionConfiguration.ephemeral
        config.httpMaximumConnectionsPerHost = 1
        config.urlCache = nil
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        config.httpShouldSetCookies = false
        session = URLSession(configuration: config)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var r = URLRequest(url: request.url)
        r.httpMethod = "GET"
        // Sub-second timeouts misfire on Linux URLSession (they expire at once): whole seconds only.
        r.timeoutInterval = max(1, request.timeout.rounded(.up))
        for (name, value) in request.headers { r.setValue(value, forHTTPHeaderField: name) }
        let data: Data, response: URLResponse
        do {
            (data, response) = try await session.data(for: r)
        } catch let error as URLError {
            throw Self.map(error)
        }
        guard let http = response as? HTTPURLResponse else {
            throw TransportError.other("not an HTTP response from \(request.url)")
        }
        var headers: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        // A decoded (gzip) body has no relation to Content-Length; a plain one must match it.
        if headers["content-encoding"] == nil, let expected = headers["content-length"].flatMap({ Int($0) }),
           data.count < expected {
            throw TransportError.truncated(expected: expected, received: data.count)
        }
        return HTTPResponse(status: http.statusCode, headers: headers, body: data)
    }

    static func map(_ error: URLError) -> Error {
        switch error.code {
        case .cancelled: return CancellationError()
        case .timedOut: return TransportError.timedOut
        case .networkConnectionLost, .cannotParseResponse, .badServerResponse, .zeroByteResource:
            return TransportError.connectionLost(error.localizedDescription)
        default: return TransportError.other("\(error.code.rawValue): \(error.localizedDescription)")
        }
    }
}
