import Hummingbird

/// A request the app refuses, with the status and a message that says what is wrong.
/// `ErrorPageMiddleware` turns it into an HTML page or a JSON `{"error": ...}` body.
public struct WebError: Error, Sendable, Equatable {
    public var status: HTTPResponse.Status
    public var message: String
    /// Extra response headers (e.g. `Allow` on 405).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status; self.message = message; self.headers = headers
    }

    public static func badRequest(_ message: String) -> WebError { WebError(.badRequest, message) }
    public static func notFound(_ message: String) -> WebError { WebError(.notFound, message) }
}
