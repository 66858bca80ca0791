import Foundation
import Testing
import PaperboyStore
@testable import Harvest

@Suite(.enabled(if: SharedData.root != nil, "needs /work/shared/data/arxiv-metadata (set PAPERBOY_SHARED)"))
struct HarvestServiceTests {
    @Test func scheduledRunHarvestsAndReportsStatus() async throws {
        let repo = try #require(try OAIRepository.fromKaggleSample(pageSize: 50))
        let server = try FixtureServer { .xml(repo.respond($0.query)) }
        var config = HarvestConfig()
        config.oaiURL = server.baseURL.appendingPathComponent("oai")
        config.sets = ["physics"]
        config.initialDays = 365 * 30 // the sample's datestamps go back to 2007
        config.schedule = HarvestSchedule(utc: "05:30")!
        // The horizon (30 h) holds the loop in its second wait, before the run on the 25th.
        let clock = VirtualClock(start: ISO8601DateFormatter().date(from: "2026-11-23T10:00:00Z")!, horizon: 30 * 3600)
        let store = try SQLiteStore.inMemory()
        let service = HarvestService(harvester: Harvester(config: config, store: store, clock: clock), clock: clock)
        #expect(service.status().runs == 0)

        let run = Task { try await service.run() }
        // Virtual time jumps to the next 05:30 UTC at once; wait (real time) for the run to finish.
        for _ in 0..<500 where service.status().runs == 0 { try await Task.sleep(for: .milliseconds(20)) }
        run.cancel()
        try await run.value

        let status = service.status()
        #expect(status.runs == 1 && status.failures == 0 && status.lastError == nil)
        #expect(status.lastRunStarted == ISO8601DateFormatter().date(from: "2026-11-24T05:30:00Z"))
        #expect(status.papersInserted == 200)
        #expect(status.requests >= 4) // 200 records / 50
        #expect(try await store.stats().papers == 200)
        #expect(status.nextRun == ISO8601DateFormatter().date(from: "2026-11-25T05:30:00Z"))
    }

    @Test func aFailedRunIsRecordedAndTheServiceCarriesOn() async throws {
        let server = try FixtureServer { _ in .xml(try! Fixture.data("ErrorResponseBadArgument.xml")) }
        var config = HarvestConfig()
        config.oaiURL = server.baseURL.appendingPathComponent("oai")
        let clock = VirtualClock()
        let service = HarvestService(harvester: Harvester(config: config, store: try SQLiteStore.inMemory(), clock: clock), clock: clock)
        await service.runOnce()
        let status = service.status()
        #expect(status.runs == 1 && status.failures == 1 && status.lastSuccess == nil)
        #expect(status.lastError?.contains("badArgument") == true)
    }
}
