import Foundation
import Hummingbird
import Logging
import PaperboyCore

/// Turns every error into a response that says what went wrong: JSON `{"error": "..."}` for
/// the API, JSON feeds and health checks, an HTML page otherwise. Errors about the request
/// (a form field, a paper or collection that is not there) keep their meaning; unexpected ones are
/// logged and answered with a generic 500 that leaks no internals.
struct ErrorPageMiddleware<Context: RequestContext>: RouterMiddleware {
    let templates: Templates
    let publicURL: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as WebError {
            return respond(request, status: error.status, message: error.message, headers: error.headers)
        } catch let error as FormError {
            // Forms catch their own errors to show them beside the fields; one that slips out
            // is still the person's input, not the server's fault.
            return respond(request, status: .unprocessableContent, message: error.message, headers: [:])
        } catch let error as CommunityError {
            let status: HTTPResponse.Status = switch error {
            case .collectionNameTaken: .conflict
            case .invalidLink: .unprocessableContent
            default: .notFound
            }
            return respond(request, status: status, message: error.description, headers: [:])
        } catch let error as HTTPError {
            let message = error.body ?? (error.status == .notFound ? "there is no page at \(request.uri.path.prefix(200))" : error.status.reasonPhrase)
            return respond(request, status: error.status, message: message, headers: error.headers)
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            return respond(request, status: .internalServerError, message: "internal error; it has been logged", headers: [:])
        }
    }

    static func wantsJSON(_ request: Request) -> Bool {
        let path = request.uri.path
        return path.hasPrefix("/api/") || path == "/healthz" || path.hasSuffix(".json")
    }

    private func respond(_ request: Request, status: HTTPResponse.Status, message: String, headers extra: HTTPFields) -> Response {
        var headers = extra
        headers[.cacheControl] = CachePolicy.none
        let body: String
        if Self.wantsJSON(request) {
            headers[.contentType] = "application/json; charset=utf-8"
            body = JSONBody.encode(["error": message])
        } else {
            headers[.contentType] = "text/html; charset=utf-8"
            let view = ErrorView(layout: LayoutView(title: "\(status.code) \(status.reasonPhrase)", description: message, canonical: publicURL + "/"),
                                 status: status.code, reason: status.reasonPhrase, message: message)
            body = templates.render(view, "error")
        }
        if request.method == .head { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
