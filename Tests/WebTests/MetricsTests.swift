import Foundation
import Harvest
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PaperboyStore
import Testing
@testable import Web

/// `/metrics` as Prometheus reads it: well-formed text, and numbers that follow what happened.
@Suite
struct MetricsTests {
    static let requests = "paperboy_http_requests_total"
    static let duration = "paperboy_http_request_duration_seconds"

    static func scrape(_ client: some TestClientProtocol) async throws -> PrometheusText {
        let r = try await client.execute(uri: "/metrics", method: .get)
        #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return try PrometheusText(r.text)
    }

    static func get(_ route: String, status: String = "200") -> [String: String] { ["route": route, "method": "GET", "status": status] }

    @Test func theReaderRefusesWhatPrometheusWould() throws {
        #expect(throws: PrometheusText.Malformed.self) { try PrometheusText("x 1\n") }
        #expect(throws: PrometheusText.Malformed.self) { try PrometheusText("# TYPE x gauge\nx{a=\"1\" 1\n") }
        #expect(throws: PrometheusText.Malformed.self) { try PrometheusText("# TYPE x gauge\nx one\n") }
        #expect(throws: PrometheusText.Malformed.self) { try PrometheusText("# TYPE x gauge\nx 1\nx 2\n") }
        #expect(throws: PrometheusText.Malformed.self) { try PrometheusText("# TYPE x counter\nx_count 1\n") }
        #expect(try PrometheusText("# TYPE x histogram\nx_count{a=\"q\\\"\"} 1\n").value("x_count", ["a": "q\""]) == 1)
    }

    @Test func requestCountsGoUpPerRoute() async throws {
        try await Application(router: try await Fixture.router()).test(.router) { client in
            for _ in 0..<3 { _ = try await client.execute(uri: "/healthz", method: .get) }
            for _ in 0..<2 { _ = try await client.execute(uri: "/papers/0704.0001", method: .get) }
            _ = try await client.execute(uri: "/nope", method: .get)
            let first = try await Self.scrape(client)
            #expect(first.types[Self.requests] == "counter")
            #expect(first.value(Self.requests, Self.get("/healthz")) == 3)
            #expect(first.value(Self.requests, Self.get("/papers/{id}")) == 2)
            #expect(first.value(Self.requests, Self.get("NotFound", status: "404")) == 1)
            // A scrape is counted once its answer is written, so the first one sees none of itself.
            #expect(first.value(Self.requests, Self.get("/metrics")) == nil)

            _ = try await client.execute(uri: "/healthz", method: .get)
            let second = try await Self.scrape(client)
            #expect(second.value(Self.requests, Self.get("/healthz")) == 4)
            #expect(second.value(Self.requests, Self.get("/papers/{id}")) == 2)
            #expect(second.value(Self.requests, Self.get("/metrics")) == 1)
        }
    }

    @Test func latencyHistogramHasCumulativeBucketsEndingInTheCount() async throws {
        try await Application(router: try await Fixture.router()).test(.router) { client in
            for _ in 0..<5 { _ = try await client.execute(uri: "/healthz", method: .get) }
            let m = try await Self.scrape(client)
            #expect(m.types[Self.duration] == "histogram")
            let buckets = m.series(Self.duration + "_bucket", where: ["route": "/healthz"])
            #expect(buckets.map { $0.labels["le"] }.last == "+Inf")
            #expect(buckets.dropLast().compactMap { Double($0.labels["le"] ?? "") } == WebMetrics.buckets)
            let counts = buckets.map(\.value)
            #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 }, "cumulative: \(counts)")
            #expect(counts.last == 5 && m.value(Self.duration + "_count", ["route": "/healthz"]) == 5)
            #expect((m.value(Self.duration + "_sum", ["route": "/healthz"]) ?? 0) > 0)
        }
    }

    @Test func signInOutcomesAreCounted() async throws {
        let store = try await Fixture.store()
        _ = try await AccountFlowTests.addUser(store, "ada")
        try await Application(router: try await Fixture.router(store: store)).test(.router) { client in
            /// The counts of ok, wrong_password and throttled sign-ins.
            func signIns() async throws -> [Double?] {
                let m = try await Self.scrape(client)
                return ["ok", "wrong_password", "throttled"].map { m.value("paperboy_sign_ins_total", ["result": $0]) }
            }
            #expect(try await signIns() == [0, 0, 0])
            var browser = TestBrowser(client)
            #expect(try await AccountFlowTests.signIn(&browser, "ada", password: "not the password").status == .unauthorized)
            #expect(try await AccountFlowTests.signIn(&browser, "ada").status == .seeOther)
            #expect(try await signIns() == [1, 1, 0])

            browser = TestBrowser(client)  // signed out again: a signed-in browser's forms carry its session's token
            var wrong = 1
            while try await AccountFlowTests.signIn(&browser, "ada", password: "guess \(wrong)").status == .unauthorized {
                wrong += 1
                try #require(wrong < 20, "never throttled")
            }
            #expect(try await signIns() == [1, Double(wrong), 1])
        }
    }

    @Test func outboxGaugesCountMailByStatus() async throws {
        try await Application(router: try await Fixture.router()).test(.router) { client in
            let before = try await Self.scrape(client)
            for status in OutboxStatus.allCases { #expect(before.value("paperboy_mail_outbox", ["status": status.rawValue]) == 0) }
            #expect(before.types["paperboy_mail_outbox"] == "gauge")
            var browser = TestBrowser(client)
            try await browser.get("/signup")
            let created = try await browser.post("/signup", [("username", "ada"), ("email", "ada@example.org"), ("password", AccountFlowTests.password)])
            #expect(created.status == .created)
            let after = try await Self.scrape(client)
            #expect(after.value("paperboy_mail_outbox", ["status": "pending"]) == 1)
            #expect(after.value("paperboy_mail_outbox", ["status": "sent"]) == 0)
        }
    }

    @Test func harvestTotalsFollowTheServiceAndAbsentJobsStayAbsent() throws {
        let metrics = WebMetrics()
        func read() throws -> PrometheusText { try PrometheusText(String(decoding: metrics.exposition(), as: UTF8.self)) }
        metrics.observe(embedding: nil)
        metrics.observe(harvest: nil)
        #expect(try read().types.keys.allSatisfy { !$0.hasPrefix("paperboy_harvest_") && !$0.hasPrefix("paperboy_embedding_") })

        var status = HarvestStatus()
        status.runs = 3; status.failures = 1; status.papersInserted = 40; status.running = true
        metrics.observe(harvest: status)
        metrics.observe(harvest: status)  // a second scrape of the same state adds nothing
        var m = try read()
        #expect(m.types["paperboy_harvest_runs_total"] == "counter")
        #expect(m.value("paperboy_harvest_runs_total") == 3 && m.value("paperboy_harvest_failures_total") == 1)
        #expect(m.value("paperboy_harvest_papers_inserted_total") == 40)
        #expect(m.value("paperboy_harvest_running") == 1 && m.value("paperboy_harvest_last_success_timestamp_seconds") == 0)

        status.runs = 5; status.running = false; status.lastSuccess = Date(timeIntervalSince1970: 1_700_000_000)
        metrics.observe(harvest: status)
        m = try read()
        #expect(m.value("paperboy_harvest_runs_total") == 5 && m.value("paperboy_harvest_running") == 0)
        #expect(m.value("paperboy_harvest_last_success_timestamp_seconds") == 1_700_000_000)
    }
}
