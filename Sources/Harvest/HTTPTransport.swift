import Foundation

public struct HTTPRequest: Sendable {
    public var url: URL
    public var headers: [String: String]
    /// Seconds without progress before the request fails with `TransportError.timedOut`.
    public var timeout: Double

    public init(url: URL, headers: [String: String] = [:], timeout: Double = 60) {
        self.url = url; self.headers = headers; self.timeout = timeout
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names lowercased.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// One GET, no retries, no politeness: those live in `ArxivClient`. A protocol so tests can
/// put a recorder or a fault injector between the client and the network.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// What can go wrong below HTTP. All of these are worth retrying.
public enum TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    case timedOut
    case connectionLost(String)
    /// The body ended before `Content-Length` bytes arrived.
    case truncated(expected: Int, received: Int)
    case other(String)

    public var description: String {
        switch self {
        case .timedOut: return "request timed out"
        case .connectionLost(let why): return "connection lost (\(why))"
        case .truncated(let expected, let received): return "body truncated: \(received) of \(expected) bytes"
        case .other(let why): return why
        }
    }
}
