import Foundation
import Synchronization
import Testing
import Ingest
import PaperboyCore
import PaperboyStore
@testable import Harvest

/// Faults the fixture server injects into OAI pages (page 0 is the first request of a list).
enum Fault: Sendable {
    case throttled(retryAfter: String)
    case serverError
    case slow
    case dropMidBody
    case truncatedXML
    case garbledXML
    case expiredToken
}

final class FaultPlan: Sendable {
    private struct Plan {
        var once: [Int: [Fault]]
        /// Pages that fail with this fault every time until `heal()`.
        var always: [Int: Fault]
    }
    private let plan: Mutex<Plan>
    init(once: [Int: [Fault]] = [:], always: [Int: Fault] = [:]) { plan = Mutex(Plan(once: once, always: always)) }
    func heal() { plan.withLock { $0.always = [:] } }
    func next(page: Int) -> Fault? {
        plan.withLock { p in
            if let f = p.always[page] { return f }
            guard var list = p.once[page], !list.isEmpty else { return nil }
            let f = list.removeFirst(); p.once[page] = list
            return f
        }
    }
}

private let sharedMissing = "needs /work/shared/data/arxiv-metadata (set PAPERBOY_SHARED)"

struct OAIHarness {
    let repo: OAIRepository
    let server: FixtureServer
    let clock = VirtualClock()
    let transport: RecordingTransport
    let store: SQLiteStore
    let harvester: OAIHarvester

    init(repo: OAIRepository, faults: FaultPlan = FaultPlan(), interval: Double = 3, attempts: Int = 4, timeout: Double = 30,
         store: SQLiteStore? = nil) throws {
        self.repo = repo
        let pageSize = repo.pageSize
        server = try FixtureServer { request in
            let page = request.query["resumptionToken"].flatMap { Int($0.split(separator: "|").first ?? "") }.map { $0 / pageSize } ?? 0
            let body = repo.respond(request.query)
            switch faults.next(page: page) {
            case nil: return .xml(body)
            case .throttled(let after): return .response(status: 503, headers: ["Retry-After": after], body: Data("<html><body>\n<h1>Retry after 10 seconds</h1>\n</body></html>\n".utf8))
            case .serverError: return .response(status: 500, body: Data("Internal Server Error".utf8))
            case .slow: return .delayed(seconds: 4, .xml(body))
            case .dropMidBody: return .dropMidBody(status: 200, body: body, sentBytes: body.count / 2)
            case .truncatedXML: return .xml(body.prefix(body.count * 2 / 3))
            case .garbledXML: return .xml(Data(String(decoding: body, as: UTF8.self).replacingOccurrences(of: "</record>", with: "</recrd>").utf8))
            case .expiredToken: return .xml(repo.error("badResumptionToken", "The resumptionToken supplied is illegal for this repository"))
            }
        }
        transport = RecordingTransport(URLSessionTransport(), clock: clock)
        let client = ArxivClient(transport: transport, limiter: RateLimiter(minInterval: interval, clock: clock),
                                 retry: RetryPolicy(maxAttempts: attempts, baseDelay: 4, maxDelay: 30, maxRetryAfter: 60, random: { 0.5 }),
                                 clock: clock, userAgent: "Paperboy/0.1 (+mailto:test@example.org)", timeout: timeout)
        self.store = try store ?? SQLiteStore.inMemory()
        harvester = OAIHarvester(client: client, store: self.store, baseURL: server.baseURL.appendingPathComponent("oai"))
    }

    /// Every paper of the repository as stored, in id order.
    func contents() async throws -> [Paper] { try await store.papers(ids: repo.records.map(\.id)) }
}

@Suite(.enabled(if: SharedData.root != nil, "needs /work/shared/data/arxiv-metadata (set PAPERBOY_SHARED)"))
struct OAIHarvesterTests {
    let request = OAIListRequest(from: "2007-01-01")

    func repo(pageSize: Int = 25, deleting: Set<String> = []) throws -> OAIRepository {
        try #require(try OAIRepository.fromKaggleSample(pageSize: pageSize, deleting: deleting), Comment(rawValue: sharedMissing))
    }

    @Test func cleanRunStoresEveryRecordAndSpacesRequests() async throws {
        let h = try OAIHarness(repo: try repo())
        let report = try await h.harvester.harvest(request)
        #expect(report.pages == 8) // 200 records / 25
        #expect(report.papers.inserted == 200)
        let stored = try await h.contents()
        #expect(stored.map(\.id) == h.repo.records.map(\.id))
        // Independent check of content: titles are the Kaggle titles with whitespace collapsed.
        #expect(stored.map(\.title) == h.repo.records.map { $0.title.collapsingWhitespace() })
        #expect(h.transport.intervals == Array(repeating: 3, count: 7))
        let checkpoint = try await h.store.checkpoint(source: request.source)
        #expect(checkpoint?.token == nil)
        #expect(checkpoint?.datestamp == h.repo.records.map(\.datestamp).max())
        // Tokens went out percent-encoded and came back intact.
        #expect(h.server.requests.dropFirst().map { $0.query["resumptionToken"] } == (1..<8).map { "\($0 * 25)|2007-01-01" })
    }

    @Test func deletedRecordsLeaveTheStore() async throws {
        let gone: Set<String> = ["0704.0003", "0704.0150"]
        let h = try OAIHarness(repo: try repo(deleting: gone))
        // Known from an earlier import, withdrawn since.
        try await h.store.upsert([Paper(id: "0704.0003", title: "An earlier copy", abstract: "x")])
        let report = try await h.harvester.harvest(request)
        #expect(report.deleted == 2)
        #expect(try await h.store.paper(id: "0704.0003") == nil)
        #expect(try await h.contents().map(\.id) == h.repo.liveIDs)
    }

    @Test func everyFaultIsRiddenOutAndTheResultEqualsACleanRun() async throws {
        let clean = try OAIHarness(repo: try repo())
        try await clean.harvester.harvest(request)

        let faults = FaultPlan(once: [
            1: [.throttled(retryAfter: "10")],
            2: [.serverError, .serverError],
            3: [.slow],
            4: [.dropMidBody],
            5: [.truncatedXML],
            6: [.expiredToken],
            7: [.garbledXML],
        ])
        // A 1 s timeout against the 4 s stall.
        let h = try OAIHarness(repo: try repo(), faults: faults, timeout: 1)
        let report = try await h.harvester.harvest(request)
        #expect(report.restarts == 1)
        #expect(try await h.contents() == (try await clean.contents()))
        #expect(try await h.store.checkpoint(source: request.source)?.token == nil)
        let intervals = h.transport.intervals
        // Retry-After 10 obeyed; two 500s: backoff 0.75·4 and 0.75·8; others 3 s or a backoff.
        #expect(intervals.contains(10))
        #expect(intervals.contains(3) && intervals.contains(6))
        #expect(intervals.allSatisfy { $0 >= 3 })
        // After the expired token the list restarted from the run's lower bound.
        let restart = h.server.requests.filter { $0.query["resumptionToken"] == nil }
        #expect(restart.count == 2 && restart.allSatisfy { $0.query["from"] == "2007-01-01" })
    }

    @Test func aRunKilledByPersistentFailureResumesFromItsCheckpoint() async throws {
        let clean = try OAIHarness(repo: try repo())
        try await clean.harvester.harvest(request)

        let faults = FaultPlan(always: [3: .serverError])
        let h = try OAIHarness(repo: try repo(), faults: faults, attempts: 3)
        let error = await #expect(throws: FetchError.self) { try await h.harvester.harvest(request) }
        #expect(error?.attempts == 3)
        #expect(error?.description.contains("gave up after 3 attempts: HTTP 500") == true)
        // Pages 0–2 committed, nothing of page 3; the checkpoint points at page 3.
        #expect(try await h.store.stats().papers == 75)
        let saved = try await h.store.checkpoint(source: request.source)
        #expect(saved?.token == "75|2007-01-01")
        #expect(saved?.datestamp == "2007-01-01")

        faults.heal()
        let before = h.server.requests.count
        let resumed = try await h.harvester.harvest(OAIListRequest()) // no from: continue
        #expect(resumed.pages == 5)
        #expect(h.server.requests[before].query["resumptionToken"] == "75|2007-01-01")
        #expect(try await h.contents() == (try await clean.contents()))
    }

    /// Cancelled right after page k's commit (k = 1 … 7 of 8), with tombstones in the list.
    @Test(arguments: 1...7)
    func aCancelledRunResumesToTheSameContents(afterPage k: Int) async throws {
        let gone: Set<String> = ["0704.0010", "0704.0110", "0704.0190"]
        let clean = try OAIHarness(repo: try repo(deleting: gone))
        try await clean.harvester.harvest(request)

        let h = try OAIHarness(repo: try repo(deleting: gone))
        let task = Task { [harvester = h.harvester, request] in
            try await harvester.harvest(request) { report in
                if report.pages == k { withUnsafeCurrentTask { $0?.cancel() } }
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        let committed = h.repo.records.prefix(k * 25).filter { !$0.deleted }.count
        #expect(try await h.store.stats().papers == committed)
        #expect(try await h.store.checkpoint(source: request.source)?.token == "\(k * 25)|2007-01-01")
        let resumed = try await h.harvester.harvest(OAIListRequest())
        #expect(resumed.pages == 8 - k)
        #expect(try await h.contents() == (try await clean.contents()))
        #expect(try await h.contents().map(\.id) == h.repo.liveIDs)
    }

    @Test func garbledXMLNeverCommitsAPartialPage() async throws {
        let h = try OAIHarness(repo: try repo(), faults: FaultPlan(always: [2: .garbledXML]), attempts: 2)
        let error = await #expect(throws: FetchError.self) { try await h.harvester.harvest(request) }
        #expect(error?.description.contains("unreadable response") == true)
        #expect(try await h.store.stats().papers == 50)
        #expect(try await h.store.checkpoint(source: request.source)?.token == "50|2007-01-01")
    }

    @Test func incrementalRunListsFromTheLastDatestamp() async throws {
        let h = try OAIHarness(repo: try repo())
        try await h.harvester.harvest(request)
        let newest = try #require(h.repo.records.map(\.datestamp).max())
        let report = try await h.harvester.harvest(OAIListRequest())
        #expect(h.server.requests.last?.query["from"] == newest)
        // Only the records stamped that day come again, unchanged.
        #expect(report.papers.unchanged == h.repo.records.filter { $0.datestamp == newest }.count)
        #expect(report.papers.inserted == 0)
    }

    @Test func noRecordsMatchIsAnEmptyHarvest() async throws {
        let h = try OAIHarness(repo: try repo())
        let report = try await h.harvester.harvest(OAIListRequest(from: "2030-01-01"))
        #expect(report.pages == 1 && report.recordsSeen == 0)
        #expect(try await h.store.checkpoint(source: request.source)?.datestamp == "2030-01-01")
    }

    @Test func badArgumentIsAClearError() async throws {
        let h = try OAIHarness(repo: try repo())
        let error = await #expect(throws: HarvestError.self) { try await h.harvester.harvest(OAIListRequest(from: "2007-01-01", prefix: "oai_marc")) }
        #expect(error?.description.contains("OAI-PMH error badArgument") == true)
        #expect(h.server.requests.count == 1) // not retried
    }

    @Test func theRecordedArxivErrorsParseAsTheHarvesterExpects() throws {
        #expect(throws: OAIError(code: "badResumptionToken", message: "The resumptionToken supplied is illegal for this repository")) {
            try OAIPMHParser.parse(try Fixture.data("ErrorResponseBadResumptionToken.xml"))
        }
        #expect(try OAIPMHParser.parse(try Fixture.data("ErrorResponseNoRecordsMatch.xml")).records.isEmpty)
    }
}
