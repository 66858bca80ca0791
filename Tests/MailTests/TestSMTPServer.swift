import Foundation

/// scripts/smtp-test-server.py (aiosmtpd, Debian's python3-aiosmtpd) as a subprocess on
/// loopback: started by the test that needs it, gone when its stdin closes.
final class TestSMTPServer: @unchecked Sendable {
    struct Options {
        var port = 0
        var reject: [String: Int] = [:]
        var auth: String?
        var tls = false
        var implicitTLS = false
        var mute = false
    }

    /// What the server received, as Python's email parser reads it.
    struct Delivered: Decodable {
        var mailFrom: String
        var rcptTos: [String]
        /// The client's address and port: one per connection.
        var peer: String
        var tls: Bool
        var authenticated: Bool
        var from: String
        var to: String
        var subject: String
        var messageId: String
        var date: String
        var contentType: String
        var text: String?
        var html: String?
        /// Every header field, decoded, in order.
        var headers: [[String]]
        var defects: [String]

        func header(_ name: String) -> String? { headers.first { $0.first?.lowercased() == name.lowercased() }?.last }
    }

    static let python = "/usr/bin/python3"
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/smtp-test-server.py")

    let port: Int
    let folder: URL
    private let process: Process
    private let stdin: Pipe

    /// The certificate a `tls` server presents (self-signed, for 127.0.0.1 and localhost).
    var certificate: String { folder.appendingPathComponent("tls/cert.pem").path }
    var messages: URL { folder.appendingPathComponent("messages") }

    init(_ options: Options = Options(), folder: URL? = nil) throws {
        self.folder = folder ?? FileManager.default.temporaryDirectory.appendingPathComponent("paperboy-smtp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.folder.appendingPathComponent("tls"), withIntermediateDirectories: true)
        var arguments = [Self.script.path, self.folder.appendingPathComponent("messages").path, "--port", "\(options.port)"]
        for (address, code) in options.reject { arguments += ["--reject", "\(address)=\(code)"] }
        if let auth = options.auth { arguments += ["--auth", auth] }
        if options.tls || options.implicitTLS { arguments += ["--tls", self.folder.appendingPathComponent("tls").path] }
        if options.implicitTLS { arguments.append("--implicit-tls") }
        if options.mute { arguments.append("--mute") }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = arguments
        stdin = Pipe()
        let stdout = Pipe()
        let stderr = self.folder.appendingPathComponent("stderr.log")
        FileManager.default.createFile(atPath: stderr.path, contents: nil)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderr)
        try process.run()
        // The first line is the port, once the server listens.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty {
                process.waitUntilExit()
                let log = (try? String(contentsOf: stderr, encoding: .utf8)) ?? ""
                throw TestServerError("\(Self.python) \(Self.script.path) exited before listening "
                                      + "(is Debian's python3-aiosmtpd installed? scripts/test.sh installs it): \(log)")
            }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestServerError("the SMTP test server printed '\(String(decoding: line, as: UTF8.self))' instead of its port")
        }
        self.port = port
    }

    deinit { stop() }

    /// Ends the server and waits for it, so its port is free again.
    func stop() {
        guard process.isRunning else { return }
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    /// Every message received so far, in order.
    func delivered() throws -> [Delivered] {
        try numbered("json").map { try Self.decoder.decode(Delivered.self, from: Data(contentsOf: $0)) }
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// The bytes of every message received so far, as they came (dot-stuffing removed).
    func raw() throws -> [[UInt8]] {
        try numbered("eml").map { [UInt8](try Data(contentsOf: $0)) }
    }

    private func numbered(_ ext: String) throws -> [URL] {
        guard FileManager.default.fileExists(atPath: messages.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(at: messages, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == ext }
            .sorted { Int($0.deletingPathExtension().lastPathComponent) ?? 0 < Int($1.deletingPathExtension().lastPathComponent) ?? 0 }
    }
}

struct TestServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
