import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import Web

@Suite
struct BadInputTests {
    /// Hostile values crossed with every parameterised route: none may cause a 500, and each
    /// refusal must say something (JSON `error` for the API, an HTML page otherwise).
    @Test func hundredsOfBadRequestsNeverFail() async throws {
        let app = Application(router: try await Fixture.router())
        let values = ["", "-1", "99999999999999999999", "abc", "%", "%zz", "%00", "2025-13-45", "2025-W60", "0000-00",
                      "<script>", "\"", "'", "\u{202e}", String(repeating: "a", count: 2000), "a%20b", "NaN", "1e9", "cs.*,(", "..%2F..%2Fetc%2Fpasswd"]
        let templates = ["/papers/date/{v}", "/papers/week/{v}", "/papers/month/{v}", "/papers/{v}", "/papers/{v}.md", "/api/papers/{v}",
                         "/?page={v}", "/?sort={v}", "/?cat={v}", "/?exclude={v}", "/search?q={v}", "/search?q=x&page={v}", "/search?q=x&mode={v}",
                         "/api/daily_papers?date={v}", "/api/daily_papers?week={v}", "/api/daily_papers?p={v}", "/api/daily_papers?limit={v}",
                         "/api/daily_papers?sort={v}", "/api/papers/search?q={v}", "/api/papers/search?q=x&limit={v}",
                         "/feeds/{v}", "/feeds/daily.rss?date={v}", "/search.rss?q={v}", "/static/{v}"]
        let count = try await app.test(.router) { client in
            var count = 0
            for t in templates {
                for v in values {
                    let encoded = v.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&+?/#"))) ?? v
                    // Raw "%"-sequences are sent as they are to test the decoder.
                    let uri = t.replacingOccurrences(of: "{v}", with: v.hasPrefix("%") || v.contains("%2F") ? v : encoded)
                    let r = try await client.execute(uri: uri, method: .get)
                    count += 1
                    #expect(r.status.code < 500, "\(uri) → \(r.status)")
                    if r.status.code >= 400 {
                        if uri.hasPrefix("/api/") {
                            #expect((try? JSONSerialization.jsonObject(with: Data(r.text.utf8)) as? [String: String])?["error"]?.isEmpty == false, "\(uri)")
                        } else {
                            #expect(r.text.contains("<h1>\(r.status.code)"), "\(uri)")
                        }
                    }
                }
            }
            let specific: [(String, HTTPResponse.Status)] = [
                ("/papers/date/2025-02-30", .badRequest), ("/papers/week/2025-W53", .badRequest), ("/papers/month/2025-13", .badRequest),
                ("/papers/2501.99999", .notFound), ("/api/daily_papers?limit=101", .badRequest), ("/api/daily_papers?p=-1", .badRequest),
                ("/api/daily_papers?date=2025-01-01&week=2025-W01", .badRequest), ("/search?q=" + String(repeating: "x", count: 501), .badRequest),
                ("/search?q=%E0%A4%A", .badRequest), ("/nowhere", .notFound), ("/feeds/daily.xml", .notFound),
                ("/search?q=x&mode=semantic", .badRequest), ("/?cat=cs.CL,%3Cb%3E", .badRequest),
            ]
            for (uri, status) in specific {
                let r = try await client.execute(uri: uri, method: .get)
                #expect(r.status == status, "\(uri) → \(r.status)")
                count += 1
            }
            for method in [HTTPRequest.Method.post, .put, .delete, .patch, .options] {
                let r = try await client.execute(uri: "/api/daily_papers", method: method, body: ByteBuffer(string: "{}"))
                #expect(r.status == .methodNotAllowed && r.headers[.allow] == "GET, HEAD", "\(method)")
                count += 1
            }
            let big = try await client.execute(uri: "/", method: .post, body: ByteBuffer(repeating: 0x41, count: 200_000))
            #expect(big.status == .contentTooLarge)
            let head = try await client.execute(uri: "/api/papers/0704.0001", method: .head)
            #expect(head.status == .ok && head.body.readableBytes == 0)
            return count
        }
        #expect(count > 450)
    }

    @Test func highlighterEscapesFirstAndLeavesMathAlone() {
        let h = Highlighter(terms: ["amp", "bound", "\"neural net\""])
        #expect(h.html("Bounds & amps") == "<mark>Bounds</mark> &amp; <mark>amps</mark>")
        #expect(h.html("a bound $bound < x$ <bound>") == "a <mark>bound</mark> $bound &lt; x$ &lt;<mark>bound</mark>&gt;")
        #expect(h.html("Neural nets") == "<mark>Neural nets</mark>")
        #expect(Highlighter(terms: []).html("<i>") == "&lt;i&gt;")
    }
}
