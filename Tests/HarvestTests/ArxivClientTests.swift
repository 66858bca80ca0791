import Foundation
import Synchronization
import Testing
@testable import Harvest

/// The polite, retrying client against a real socket server that misbehaves on purpose.
@Suite struct ArxivClientTests {
    let clock = VirtualClock()

    /// Replies from `script` in order, then `rest` for every later request.
    func scripted(_ script: [FixtureServer.Reply], then rest: FixtureServer.Reply) throws -> FixtureServer {
        let queue = ScriptQueue(script)
        return try FixtureServer { _ in queue.next() ?? rest }
    }

    func body(_ d: Data) -> String { String(decoding: d, as: UTF8.self) }

    @Test func obeysRetryAfterSecondsFromTheRecorded503() async throws {
        let html = try Fixture.data("oai-503-retry-after.html")
        let xml = try Fixture.data("oai-listrecords-2015-01-01.xml")
        // The headers arXiv sent with that 503 (paperhive cassette): Retry-After: 10, text/html.
        let server = try scripted([.response(status: 503, headers: ["Retry-After": "10", "Content-Type": "text/html"], body: html)],
                                  then: .xml(xml))
        let transport = RecordingTransport(clock: clock)
        let client = makeClient(transport: transport, clock: clock)
        let got = try await client.get(server.baseURL.appendingPathComponent("oai")) { $0 }
        #expect(got == xml)
        #expect(server.requests.count == 2)
        // Waited exactly what the server asked (10 s > the 3 s spacing), no backoff on top.
        #expect(transport.intervals == [10])
        #expect(client.requestCounters == RequestCounters(requests: 2, retries: 1))
    }

    @Test func obeysRetryAfterAsHTTPDate() async throws {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let when = f.string(from: clock.now().addingTimeInterval(42))
        let server = try scripted([.response(status: 503, headers: ["Retry-After": when], body: Data())], then: .xml(Data("ok".utf8)))
        let transport = RecordingTransport(clock: clock)
        _ = try await makeClient(transport: transport, clock: clock).get(server.baseURL) { $0 }
        #expect(transport.intervals.count == 1)
        #expect(abs(transport.intervals[0] - 42) < 1.0001) // the header has whole seconds
    }

    @Test func retriesServerErrorsWithCappedExponentialBackoff() async throws {
        // random pinned at 0.5: wait = d/2 + 0.5·d/2 = 0.75·d with d = 4, 8, 16, 30 (cap).
        let server = try scripted(Array(repeating: .response(status: 500, body: Data("boom".utf8)), count: 4), then: .xml(Data("ok".utf8)))
        let transport = RecordingTransport(clock: clock)
        let client = ArxivClient(transport: transport, limiter: RateLimiter(minInterval: 3, clock: clock),
                                 retry: RetryPolicy(maxAttempts: 5, baseDelay: 4, maxDelay: 20, random: { 0.5 }),
                                 clock: clock, userAgent: "t")
        let got = try await client.get(server.baseURL) { body($0) }
        #expect(got == "ok")
        #expect(transport.intervals == [3, 6, 12, 15])
    }

    @Test func givesUpAfterTheRetryLimitWithAClearError() async throws {
        let server = try FixtureServer { _ in .response(status: 502, body: Data()) }
        let client = makeClient(transport: URLSessionTransport(), clock: clock, attempts: 3)
        let error = await #expect(throws: FetchError.self) { try await client.get(server.baseURL) { $0 } }
        #expect(error?.attempts == 3)
        #expect(server.requests.count == 3)
        #expect(error?.description.contains("gave up after 3 attempts: HTTP 502") == true)
    }

    @Test func doesNotRetryClientErrors() async throws {
        let server = try FixtureServer { _ in .response(status: 400, body: Data("incorrect id format for abc".utf8)) }
        let client = makeClient(transport: URLSessionTransport(), clock: clock)
        let error = await #expect(throws: FetchError.self) { try await client.get(server.baseURL) { $0 } }
        #expect(server.requests.count == 1)
        #expect(error?.description.contains("HTTP 400: incorrect id format for abc") == true)
    }

    @Test func retriesATimedOutRequest() async throws {
        let server = try scripted([.delayed(seconds: 3, .xml(Data("late".utf8)))], then: .xml(Data("ok".utf8)))
        let client = makeClient(transport: URLSessionTransport(), clock: clock, timeout: 1)
        #expect(try await client.get(server.baseURL) { body($0) } == "ok")
        #expect(client.requestCounters.retries == 1)
    }

    @Test func retriesAConnectionDroppedMidBody() async throws {
        let xml = try Fixture.data("oai-listrecords-2015-01-01.xml")
        let server = try scripted([.dropMidBody(status: 200, body: xml, sentBytes: xml.count / 2)], then: .xml(xml))
        let client = makeClient(transport: URLSessionTransport(), clock: clock)
        #expect(try await client.get(server.baseURL) { $0 } == xml)
        #expect(server.requests.count == 2)
    }

    @Test func retriesABodyThatDoesNotDecode() async throws {
        // Complete HTTP, truncated document: only the decoder can tell.
        let xml = try Fixture.data("oai-listrecords-2015-01-01.xml")
        let server = try scripted([.xml(xml.prefix(xml.count / 3))], then: .xml(xml))
        let client = makeClient(transport: URLSessionTransport(), clock: clock)
        let got = try await client.get(server.baseURL) { data -> Int in
            guard body(data).hasSuffix("</OAI-PMH>\n") else { throw Truncated() }
            return data.count
        }
        #expect(got == xml.count)
        #expect(server.requests.count == 2)
    }

    @Test func sendsTheUserAgent() async throws {
        let server = try FixtureServer { _ in .xml(Data()) }
        _ = try await makeClient(transport: URLSessionTransport(), clock: clock).get(server.baseURL) { $0 }
        #expect(server.requests.first?.headers["user-agent"] == "Paperboy/0.1 (+mailto:test@example.org)")
    }

    struct Truncated: Error {}
}

/// Hands out scripted replies one by one, from any server thread.
final class ScriptQueue: Sendable {
    private let items: Mutex<[FixtureServer.Reply]>
    init(_ items: [FixtureServer.Reply]) { self.items = Mutex(items) }
    func next() -> FixtureServer.Reply? { items.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
}
