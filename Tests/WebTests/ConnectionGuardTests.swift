import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PaperboyCore
import PaperboyStore
import Testing
@testable import Web

#if canImport(Glibc)
import Glibc
#endif

/// Defects 2 and 9 need a real server: half-sent requests, per-address caps and over-long
/// request lines happen below the router. Slow clients connect from 127.0.0.2, normal ones
/// from 127.0.0.1 (Linux routes all of 127/8 to loopback).
@Suite(.serialized) struct ConnectionGuardTests {
    /// Runs a server on a free loopback port with `config`'s connection settings.
    func withServer(_ config: WebConfig, _ body: @Sendable (Int) async throws -> Void) async throws {
        let store = try await Fixture.emptyStore()
        let router = try await buildRouter(config, stores: HubStores(store), logLevel: .critical)
        let port = PortBox()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let app = Application(router: router, server: .http1(configuration: config.serverConfiguration()),
                              configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { port.set($0.localAddress?.port ?? 0) }, logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            let p = try await port.wait()
            try await body(p)
            group.cancelAll()
        }
    }

    @Test func slowConnectionsAreClosedAndCappedWhileOthersAreServed() async throws {
        var config = WebConfig(cacheTTL: 0)
        config.headerTimeout = 2
        config.maxConnectionsPerIP = 4
        try await withServer(config) { port in
            let slow = try (0..<4).map { _ in try RawConnection(port: port, from: "127.0.0.2") }
            for c in slow { try c.send("GET /healthz HT") }
            let sent = Date()
            // Over the cap: refused at once with 503, and a reason.
            let extra = try RawConnection(port: port, from: "127.0.0.2")
            let refused = try extra.readAll(timeout: 3)
            #expect(refused.hasPrefix("HTTP/1.1 503") && refused.contains("too many connections from 127.0.0.2"))
            // Another address is served meanwhile.
            let normal = try RawConnection(port: port, from: "127.0.0.1")
            try normal.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try normal.readAll(timeout: 15).hasPrefix("HTTP/1.1 200"))
            // The half-sent requests are closed after the header timeout, with nothing sent back.
            // Timed from the half-sent request line, so a slow machine only makes it later.
            for c in slow { #expect(try c.readAll(timeout: 20) == "") }
            let waited = Date().timeIntervalSince(sent)
            #expect(waited > 1.5 && waited < 20, "closed after \(waited) s")
            // Their slots are free again.
            try await Task.sleep(for: .milliseconds(100))
            let again = try RawConnection(port: port, from: "127.0.0.2")
            try again.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            #expect(try again.readAll(timeout: 15).hasPrefix("HTTP/1.1 200"))
        }
    }

    /// A kept-alive connection that sent one request is closed when no next one comes.
    @Test func idleKeptAliveConnectionIsClosed() async throws {
        var config = WebConfig(cacheTTL: 0)
        config.headerTimeout = 1
        try await withServer(config) { port in
            let c = try RawConnection(port: port, from: "127.0.0.1")
            try c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let start = Date()
            let text = try c.readAll(timeout: 5)
            #expect(text.hasPrefix("HTTP/1.1 200"))
            #expect(Date().timeIntervalSince(start) < 10)
        }
    }

    /// Defect 9: a 100 KB query string gets 414 with a body, not an empty 400.
    @Test func hugeRequestLineGets414WithABody() async throws {
        try await withServer(WebConfig(cacheTTL: 0)) { port in
            for size in [20_000, 100_000] {
                let c = try RawConnection(port: port, from: "127.0.0.1")
                try c.send("GET /search?q=" + String(repeating: "x", count: size) + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                let text = try c.readAll(timeout: 5)
                #expect(text.hasPrefix("HTTP/1.1 414"), "\(size): \(text.prefix(40))")
                let body = text.components(separatedBy: "\r\n\r\n").dropFirst().joined()
                #expect(body.contains("long"), "\(size): \(body.prefix(80))")
            }
        }
    }
}

final class PortBox: @unchecked Sendable {
    private let lock = NSLock()
    private var port: Int?
    func set(_ p: Int) { lock.withLock { port = p } }
    func wait() async throws -> Int {
        for _ in 0..<500 {
            if let p = lock.withLock({ port }) { return p }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw POSIXError(.ETIMEDOUT)
    }
}

/// A blocking TCP client from a chosen loopback source address.
final class RawConnection {
    let fd: Int32

    init(port: Int, from source: String) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, source, &local.sin_addr)
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr)
        let ok = withUnsafePointer(to: &local) { l in
            l.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0 && withUnsafePointer(to: &remote) { r in
            r.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
        guard ok else { close(fd); throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw POSIXError(.EPIPE) }
            sent += n
        }
    }

    /// Everything until the server closes, or what came within `timeout` seconds.
    func readAll(timeout: Double) throws -> String {
        var tv = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
