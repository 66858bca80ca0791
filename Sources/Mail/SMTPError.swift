/// What went wrong talking to the server. `code` tells a message's fate: 5xx is permanent,
/// 4xx transient; errors without a code (timeouts, closed connections, TLS) are transient.
public enum SMTPError: Error, CustomStringConvertible, Equatable {
    /// The server answered `command` with an unexpected reply.
    case reply(command: String, code: Int, text: String)
    case timeout(command: String)
    case connectionClosed(command: String)
    case malformedReply(String)
    case startTLSUnavailable
    case authUnavailable(offered: String)
    /// Credentials without TLS, which `starttls=never` alone allows.
    case passwordInClear

    public var code: Int? {
        if case .reply(_, let code, _) = self { return code }
        return nil
    }

    public var isPermanent: Bool { code.map { (500..<600).contains($0) } ?? false }

    public var description: String {
        switch self {
        case .reply(let command, let code, let text): return "\(command): server replied \(code) \(text)"
        case .timeout(let command): return "\(command): no reply in time"
        case .connectionClosed(let command): return "\(command): connection closed"
        case .malformedReply(let line): return "malformed SMTP reply '\(line)'"
        case .startTLSUnavailable: return "the server does not offer STARTTLS (use ?starttls=opportunistic or never to go without)"
        case .authUnavailable(let offered): return "the server offers no usable AUTH mechanism (offered: '\(offered)')"
        case .passwordInClear: return "refusing to send the password without TLS (the server offers no STARTTLS; ?starttls=never allows it)"
        }
    }
}
