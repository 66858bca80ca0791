import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 (random port) for tests: plain POSIX sockets on one
/// thread per connection, so a reply can be anything, including the faults a real library
/// server would never produce (a body cut off mid-way, a dropped connection, a stall).
final class FixtureServer: Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        /// Percent-decoded query parameters.
        var query: [String: String]
        var headers: [String: String]
    }

    enum Reply: Sendable {
        case response(status: Int, headers: [String: String] = [:], body: Data)
        /// Waits before answering (a slow server; the client should time out first).
        indirect case delayed(seconds: Double, Reply)
        /// Sends the headers (with the full Content-Length) and only `sentBytes` of the body, then closes.
        case dropMidBody(status: Int, body: Data, sentBytes: Int)

        static func xml(_ body: Data, status: Int = 200) -> Reply {
            .response(status: status, headers: ["Content-Type": "text/xml; charset=utf-8"], body: body)
        }
    }

    typealias Handler = @Sendable (Request) -> Reply

    let port: Int
    private let listener: Int32
    private let handler: Handler
    private let seen = Mutex<[Request]>([])

    init(handler: @escaping Handler) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError("socket: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw ServerError("bind/listen: errno \(errno)") }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    deinit { stop() }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Requests received so far, in arrival order.
    var requests: [Request] { seen.withLock { $0 } }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let conn = accept(listener, nil, nil)
            if conn < 0 {
                if errno == EINTR { continue }
                return // listener closed
            }
            Thread { [self] in serve(conn) }.start()
        }
    }

    private func serve(_ conn: Int32) {
        defer { close(conn) }
        guard let request = readRequest(conn) else { return }
        seen.withLock { $0.append(request) }
        write(handler(request), to: conn)
    }

    private func write(_ reply: Reply, to conn: Int32) {
        switch reply {
        case .delayed(let seconds, let inner):
            Thread.sleep(forTimeInterval: seconds)
            write(inner, to: conn)
        case .response(let status, let headers, let body):
            sendAll(conn, head(status: status, headers: headers, contentLength: body.count) + body)
        case .dropMidBody(let status, let body, let sentBytes):
            sendAll(conn, head(status: status, headers: ["Content-Type": "text/xml"], contentLength: body.count) + body.prefix(sentBytes))
        }
    }

    private func head(status: Int, headers: [String: String], contentLength: Int) -> Data {
        var lines = ["HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")"]
        for (name, value) in headers { lines.append("\(name): \(value)") }
        lines.append("Content-Length: \(contentLength)")
        lines.append("Connection: close")
        return Data((lines.joined(separator: "\r\n") + "\r\n\r\n").utf8)
    }

    private func sendAll(_ conn: Int32, _ data: Data) {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                // MSG_NOSIGNAL: a client that hung up (timeout test) must not kill the test process.
                let n = send(conn, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n <= 0 { return }
                offset += n
            }
        }
    }

    private func readRequest(_ conn: Int32) -> Request? {
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let end: [UInt8] = Array("\r\n\r\n".utf8)
        while !buffer.suffix(4).elementsEqual(end) {
            let n = recv(conn, &chunk, chunk.count, 0)
            if n <= 0 { return nil }
            buffer.append(contentsOf: chunk[0..<n])
            if buffer.count > 65_536 { return nil }
        }
        let lines = String(decoding: buffer, as: UTF8.self).components(separatedBy: "\r\n")
        let first = lines[0].split(separator: " ")
        guard first.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let components = URLComponents(string: String(first[1]))
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        return Request(method: String(first[0]), path: components?.path ?? "", query: query, headers: headers)
    }

    struct ServerError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }
}
