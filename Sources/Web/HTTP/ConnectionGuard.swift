import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Counts open connections per client address and refuses those over the cap, so one client
/// (a slowloris holding hundreds of half-sent requests) cannot use up the server's sockets.
final class ConnectionLimiter: @unchecked Sendable {
    let maxPerIP: Int
    private let lock = NSLock()
    private var open: [String: Int] = [:]

    init(maxPerIP: Int) { self.maxPerIP = maxPerIP }

    /// Takes a slot for `ip`; false when it holds `maxPerIP` already.
    func acquire(_ ip: String) -> Bool {
        lock.withLock {
            let n = open[ip, default: 0]
            guard n < maxPerIP else { return false }
            open[ip] = n + 1
            return true
        }
    }

    func release(_ ip: String) {
        lock.withLock {
            let n = open[ip, default: 0] - 1
            open[ip] = n > 0 ? n : nil
        }
    }

    func count(_ ip: String) -> Int { lock.withLock { open[ip, default: 0] } }
}

/// One per connection, right after HTTP decoding:
/// - refuses the connection with 503 when its address is over `ConnectionLimiter`'s cap;
/// - closes it when a request head has not arrived `headerTimeout` after the connection
///   opened or the last response ended (a half-sent request line is never decoded into a
///   part, so no part-based idle timer sees it);
/// - answers a request line or headers over the decoder's 80 KB limit with 414 and a body
///   instead of an empty 400.
final class ConnectionGuardHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limiter: ConnectionLimiter
    private let headerTimeout: TimeAmount
    private var ip: String?
    private var started = false, refused = false
    private var timer: Scheduled<Void>?

    init(limiter: ConnectionLimiter, headerTimeout: TimeAmount) {
        self.limiter = limiter; self.headerTimeout = headerTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        let address = context.remoteAddress?.ipAddress ?? "unknown"
        guard limiter.acquire(address) else {
            refused = true
            respond(context, .serviceUnavailable, "too many connections from \(address): at most \(limiter.maxPerIP) at once\n",
                    extra: [.retryAfter: "5"])
            return
        }
        ip = address
        armTimer(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !refused else { return }
        if case .head = unwrapInboundIn(data) { timer?.cancel(); timer = nil }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), !refused { armTimer(context) }
        context.write(data, promise: promise)
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel(); timer = nil
        if let ip { limiter.release(ip) }
        ip = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let parse = error as? HTTPParserError, parse == .headerOverflow {
            respond(context, .uriTooLong, "the request line and headers are longer than the 80 KB allowed\n", extra: [:])
            return
        }
        context.fireErrorCaught(error)
    }

    private func armTimer(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: headerTimeout) {
            loopBound.value.close(promise: nil)
        }
    }

    /// Writes a whole response past the request handler, then closes the connection.
    private func respond(_ context: ChannelHandlerContext, _ status: HTTPResponse.Status, _ text: String, extra: HTTPFields) {
        timer?.cancel(); timer = nil
        refused = true
        var fields: HTTPFields = [.contentType: "text/plain; charset=utf-8", .contentLength: String(text.utf8.count), .connection: "close"]
        fields.append(contentsOf: extra)
        context.write(wrapOutboundOut(.head(HTTPResponse(status: status, headerFields: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(ByteBuffer(string: text))), promise: nil)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}

extension WebConfig {
    /// The HTTP/1 server with `idleTimeout`, `headerTimeout` and `maxConnectionsPerIP` applied.
    func serverConfiguration() -> HTTP1Channel.Configuration {
        let limiter = ConnectionLimiter(maxPerIP: maxConnectionsPerIP)
        let headerTimeout = TimeAmount.nanoseconds(Int64(self.headerTimeout * 1e9))
        return HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuardHandler(limiter: limiter, headerTimeout: headerTimeout)],
            idleTimeout: .nanoseconds(Int64(idleTimeout * 1e9)))
    }
}
