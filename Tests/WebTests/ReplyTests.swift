import Testing
@testable import Web

@Suite struct ReplyTests {
    /// ETags come from `Reply.fingerprint`: a body changed in any one byte, or only in length
    /// (trailing zero bytes included), gets a different one; the same body the same one.
    @Test func fingerprintsTellBodiesApart() {
        let body = Array("{\"title\":\"Attention is all you need\",\"upvotes\":7}".utf8)
        var seen: Set<String> = [Reply.fingerprint(body)]
        #expect(Reply.fingerprint(body) == Reply.fingerprint(Array(body)))
        for i in body.indices {
            var changed = body
            changed[i] ^= 0x01
            seen.insert(Reply.fingerprint(changed))
        }
        for n in 0..<body.count { seen.insert(Reply.fingerprint(Array(body[..<n]))) }
        for zeros in 1...9 { seen.insert(Reply.fingerprint(body + Array(repeating: 0, count: zeros))) }
        #expect(seen.count == 1 + body.count + body.count + 9)
        #expect(seen.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
    }
}
