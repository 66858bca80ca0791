import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// One SMTP session (RFC 5321): greeting, EHLO, STARTTLS, AUTH, then any number of messages
/// (RSET between them) and QUIT. Commands go one at a time; every reply has a timeout.
/// Used by one task at a time.
final class SMTPConnection {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let replyTimeout: TimeAmount
    /// EHLO keywords (upper case) and their parameters.
    private(set) var extensions: [String: String] = [:]
    private var used = false

    private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, replyTimeout: TimeAmount) {
        self.channel = channel; self.handler = handler; self.replyTimeout = replyTimeout
    }

    /// Connects, greets, secures and authenticates as `server` asks; the session is then ready
    /// for `send`.
    static func open(_ server: SMTPServer, heloName: String, connectTimeout: Duration, replyTimeout: Duration,
                     group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws -> SMTPConnection {
        let tls = server.security == .plain ? nil : try makeTLSContext(server)
        let implicit = server.security == .implicitTLS ? tls : nil
        let serverName = server.tlsServerName
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeAmount(connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let implicit { try pipeline.addHandler(NIOSSLClientHandler(context: implicit, serverHostname: serverName)) }
                    try pipeline.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try pipeline.addHandler(SMTPReplyHandler())
                }
            }
            .connect(host: server.host, port: server.port).get()
        let handler = try await channel.eventLoop.submit {
            NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
        }.get()
        let connection = SMTPConnection(channel: channel, handler: handler, replyTimeout: timeAmount(replyTimeout))
        do {
            try await connection.handshake(server, heloName: heloName, tls: tls)
        } catch {
            await connection.close()
            throw error
        }
        return connection
    }

    private func handshake(_ server: SMTPServer, heloName: String, tls: NIOSSLContext?) async throws {
        try await expect([220], from: "greeting")
        try await hello(heloName)
        var secure = server.security == .implicitTLS
        if let tls, server.security == .startTLSRequired || server.security == .startTLSOpportunistic {
            if extensions["STARTTLS"] != nil {
                try await command("STARTTLS", expect: [220])
                let channel = self.channel, serverName = server.tlsServerName
                try await channel.eventLoop.submit {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: tls, serverHostname: serverName), position: .first)
                }.get()
                secure = true
                try await hello(heloName)        // RFC 3207: forget what was said before TLS
            } else if server.security == .startTLSRequired {
                throw SMTPError.startTLSUnavailable
            }
        }
        if let username = server.username, let password = server.password {
            guard secure || server.security == .plain else { throw SMTPError.passwordInClear }
            try await authenticate(username, password, mechanism: server.authMechanism)
        }
    }

    private func hello(_ name: String) async throws {
        let reply: SMTPReply
        do {
            reply = try await command("EHLO \(name)", expect: [250])
        } catch let error as SMTPError where error.code.map({ $0 >= 500 }) ?? false {
            // An old server without ESMTP: no extensions, so no STARTTLS or AUTH either.
            try await command("HELO \(name)", expect: [250])
            extensions = [:]
            return
        }
        extensions = [:]
        for line in reply.lines.dropFirst() {
            let parts = line.split(separator: " ", maxSplits: 1)
            guard let keyword = parts.first else { continue }
            extensions[keyword.uppercased()] = parts.count > 1 ? String(parts[1]) : ""
        }
    }

    /// AUTH PLAIN (RFC 4616) or LOGIN; `mechanism` nil takes PLAIN when offered.
    private func authenticate(_ username: String, _ password: String, mechanism: SMTPServer.AuthMechanism?) async throws {
        let offeredText = extensions["AUTH"] ?? ""
        let offered = Set(offeredText.uppercased().split(separator: " ").map(String.init))
        let preferred: [SMTPServer.AuthMechanism] = [.plain, .login]
        let chosen = mechanism ?? preferred.first { offered.contains($0.rawValue) }
        guard let chosen, offered.contains(chosen.rawValue) else { throw SMTPError.authUnavailable(offered: offeredText) }
        func base64(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
        switch chosen {
        case .plain:
            try await command("AUTH PLAIN " + base64("\0\(username)\0\(password)"), expect: [235], label: "AUTH PLAIN")
        case .login:
            try await command("AUTH LOGIN", expect: [334])
            try await command(base64(username), expect: [334], label: "AUTH LOGIN user name")
            try await command(base64(password), expect: [235], label: "AUTH LOGIN password")
        }
    }

    /// Sends one message: RSET first unless it is the session's first, then MAIL, RCPT, DATA.
    /// `data` is the RFC 5322 text with CRLF line ends; it is dot-stuffed here.
    func send(from: String, to recipients: [String], data: [UInt8]) async throws {
        if used { try await command("RSET", expect: [250]) }
        used = true
        try await command("MAIL FROM:<\(from)>", expect: [250])
        for recipient in recipients {
            try await command("RCPT TO:<\(recipient)>", expect: [250, 251])
        }
        try await command("DATA", expect: [354])
        var buffer = channel.allocator.buffer(capacity: data.count + data.count / 64 + 8)
        Self.dotStuff(data, into: &buffer)
        buffer.writeString(".\r\n")
        try await channel.writeAndFlush(buffer).get()
        try await expect([250], from: "end of DATA")
    }

    /// RFC 5321 §4.5.2: a line that starts with "." gets another, so none ends the data early;
    /// the text is ended with CRLF when it is not already.
    static func dotStuff(_ data: [UInt8], into buffer: inout ByteBuffer) {
        var lineStart = true
        for byte in data {
            if lineStart && byte == UInt8(ascii: ".") { buffer.writeInteger(UInt8(ascii: ".")) }
            buffer.writeInteger(byte)
            lineStart = byte == UInt8(ascii: "\n")
        }
        if !data.isEmpty && !data.suffix(2).elementsEqual([13, 10]) { buffer.writeString("\r\n") }
    }

    /// QUIT, then close whatever the reply.
    func quit() async {
        _ = try? await command("QUIT", expect: [221])
        await close()
    }

    func close() async {
        try? await channel.close().get()
    }

    @discardableResult
    private func command(_ line: String, expect codes: Set<Int>, label: String? = nil) async throws -> SMTPReply {
        let name = label ?? line
        do {
            try await channel.writeAndFlush(channel.allocator.buffer(string: line + "\r\n")).get()
        } catch {
            // The reply handler knows better why the connection is gone (a failed TLS handshake,
            // say) than the write's "I/O on closed channel".
            try await expect(codes, from: name)
            throw error
        }
        return try await expect(codes, from: name)
    }

    @discardableResult
    private func expect(_ codes: Set<Int>, from command: String) async throws -> SMTPReply {
        let promise = channel.eventLoop.makePromise(of: SMTPReply.self)
        let handler = self.handler, timeout = replyTimeout
        channel.eventLoop.execute { handler.value.nextReply(promise, timeout: timeout, command: command) }
        let reply = try await promise.futureResult.get()
        guard codes.contains(reply.code) else { throw SMTPError.reply(command: command, code: reply.code, text: reply.text) }
        return reply
    }

    private static func makeTLSContext(_ server: SMTPServer) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if let trustRoots = server.trustRoots { configuration.trustRoots = .file(trustRoots) }
        return try NIOSSLContext(configuration: configuration)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
