import Foundation
import Hummingbird

/// A finished, cacheable response body with its validators. Built once, reused from the
/// cache for many requests; `response(for:)` applies conditional GET and gzip per request.
struct Reply: Sendable {
    var contentType: String
    var body: ByteBuffer
    /// Gzip costs about as much CPU as rendering a page, so it is done ahead only for replies
    /// served many times (`compressed()`: cache entries, static files); a one-off reply is
    /// compressed in `response(for:)`, and only for a client that accepts gzip.
    private(set) var gzip = Compression.notTried
    enum Compression: Sendable { case notTried, notWorthIt, done(ByteBuffer) }
    /// Weak, because the gzip and identity encodings share it.
    var etag: String
    var lastModified: Date
    var cacheControl: String

    init(contentType: String, body: String, cacheControl: String = CachePolicy.dynamic, lastModified: Date = Date()) {
        self.init(contentType: contentType, bytes: Array(body.utf8), cacheControl: cacheControl, lastModified: lastModified)
    }

    init(contentType: String, bytes: [UInt8], cacheControl: String, lastModified: Date) {
        self.contentType = contentType
        self.body = ByteBuffer(bytes: bytes)
        self.etag = "W/\"\(Reply.fingerprint(bytes))\""
        // HTTP dates have whole seconds: round down so If-Modified-Since compares equal.
        self.lastModified = Date(timeIntervalSince1970: lastModified.timeIntervalSince1970.rounded(.down))
        self.cacheControl = cacheControl
    }

    /// This reply with its gzip encoding made now, for reuse.
    func compressed() -> Reply {
        var reply = self
        reply.gzip = Self.compress(body)
        return reply
    }

    private static func compress(_ body: ByteBuffer) -> Compression {
        Gzip.compress(Array(body.readableBytesView)).map { .done(ByteBuffer(bytes: $0)) } ?? .notWorthIt
    }

    /// A 64-bit hash eight bytes at a step (byte-at-a-time FNV-1a was 5% of a search's CPU):
    /// more than enough to tell two versions of one page apart.
    static func fingerprint(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
            hash ^= hash >> 32
        }
        bytes.withUnsafeBytes { raw in
            var i = 0
            while i + 8 <= raw.count {
                mix(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                i += 8
            }
            var tail: UInt64 = 0
            for (shift, byte) in raw[i...].enumerated() { tail |= UInt64(byte) << (8 * UInt64(shift)) }
            mix(tail)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    func response(for request: Request, status: HTTPResponse.Status = .ok) -> Response {
        var gzip = self.gzip
        var headers: HTTPFields = [
            .contentType: contentType,
            .eTag: etag,
            .lastModified: DateFormats.http(lastModified),
            .cacheControl: cacheControl,
            .vary: "Accept-Encoding",
        ]
        if status == .ok, isNotModified(request) {
            return Response(status: .notModified, headers: headers)
        }
        var payload = body
        if Gzip.isAccepted(by: request.headers[.acceptEncoding]) {
            if case .notTried = gzip { gzip = Self.compress(body) }
            if case .done(let gzipped) = gzip {
                headers[.contentEncoding] = "gzip"
                payload = gzipped
            }
        }
        if request.method == .head {
            headers[.contentLength] = String(payload.readableBytes)
            return Response(status: status, headers: headers)
        }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: payload))
    }

    /// RFC 9110 §13.1: If-None-Match wins; If-Modified-Since counts only without it.
    func isNotModified(_ request: Request) -> Bool {
        guard request.method == .get || request.method == .head else { return false }
        if let inm = request.headers[.ifNoneMatch] {
            let mine = Reply.opaque(etag)
            return inm.split(separator: ",").contains { tag in
                let t = tag.trimmingCharacters(in: .whitespaces)
                return t == "*" || Reply.opaque(t) == mine
            }
        }
        if let ims = request.headers[.ifModifiedSince], let since = DateFormats.parseHTTP(ims) {
            return lastModified <= since
        }
        return false
    }

    /// Weak comparison ignores the `W/` prefix.
    static func opaque(_ tag: some StringProtocol) -> Substring {
        let s = Substring(tag)
        return s.hasPrefix("W/") ? s.dropFirst(2) : s
    }
}

/// Cache-Control values, in one place so pages, API and feeds agree.
enum CachePolicy {
    /// Feed pages, API answers and feeds: browsers and proxies may keep them a minute, then revalidate.
    static let dynamic = "public, max-age=60, stale-while-revalidate=60"
    /// Static assets change only with a new release.
    static let asset = "public, max-age=86400"
    static let none = "no-store"
    /// A signed-in person's page: their browser may keep it, no shared cache or proxy may.
    static let privatePage = "private, no-cache"
}
