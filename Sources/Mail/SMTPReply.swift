import NIOCore

/// One server reply: a code and its text lines ("250-first", "250 last" make one reply).
struct SMTPReply: Sendable, Equatable {
    var code: Int
    var lines: [String]
    var text: String { lines.joined(separator: " / ") }
}

/// Bytes to replies (RFC 5321 §4.2): lines of a three-digit code, then '-' on every line but
/// the last. Bare LF is accepted; a line longer than `maxLine` is an error, not a buffer.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    static let maxLine = 4096
    private var pending: [String] = []
    private var pendingCode: Int?

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let end = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maxLine { throw SMTPError.malformedReply("a line longer than \(Self.maxLine) bytes") }
            return .needMoreData
        }
        guard var line = buffer.readString(length: end - buffer.readerIndex + 1) else { return .needMoreData }
        line.removeLast()                                   // LF
        if line.hasSuffix("\r") { line.removeLast() }
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, bytes[0..<3].allSatisfy({ $0 >= 48 && $0 <= 57 }),
              bytes.count == 3 || bytes[3] == UInt8(ascii: " ") || bytes[3] == UInt8(ascii: "-"),
              let code = Int(String(decoding: bytes[0..<3], as: UTF8.self)), pendingCode == nil || pendingCode == code else {
            throw SMTPError.malformedReply(line)
        }
        pending.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        if bytes.count > 3 && bytes[3] == UInt8(ascii: "-") {
            pendingCode = code
        } else {
            context.fireChannelRead(wrapInboundOut(SMTPReply(code: code, lines: pending)))
            pending = []
            pendingCode = nil
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }
}

/// Hands replies to whoever waits for one, on the event loop: replies that come first are
/// kept, a wait that outlasts its timeout fails and closes the connection, and once the
/// connection is gone every wait fails with why.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var replies: [SMTPReply] = []
    private var waiter: (promise: EventLoopPromise<SMTPReply>, timeout: Scheduled<Void>, command: String)?
    private var closed: (any Error)?
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func nextReply(_ promise: EventLoopPromise<SMTPReply>, timeout: TimeAmount, command: String) {
        if !replies.isEmpty { return promise.succeed(replies.removeFirst()) }
        if let closed { return promise.fail(Self.named(closed, command)) }
        guard let context else { return promise.fail(SMTPError.connectionClosed(command: command)) }
        let scheduled = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            guard let waiter, waiter.promise.futureResult === promise.futureResult else { return }
            self.waiter = nil
            promise.fail(SMTPError.timeout(command: command))
            self.context?.close(promise: nil)
        }
        waiter = (promise, scheduled, command)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiter {
            self.waiter = nil
            waiter.timeout.cancel()
            waiter.promise.succeed(reply)
        } else {
            replies.append(reply)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(SMTPError.connectionClosed(command: ""))
        context.fireChannelInactive()
    }

    private func fail(_ error: any Error) {
        if closed == nil { closed = error }
        guard let waiter else { return }
        self.waiter = nil
        waiter.timeout.cancel()
        waiter.promise.fail(Self.named(closed ?? error, waiter.command))
    }

    /// A closed connection says which command's reply it cut off.
    private static func named(_ error: any Error, _ command: String) -> any Error {
        if case SMTPError.connectionClosed = error { return SMTPError.connectionClosed(command: command) }
        return error
    }
}
