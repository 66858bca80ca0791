import Testing
@testable import Web

@Suite("Doorbell: waits end early when rung")
struct DoorbellTests {
    let clock = ContinuousClock()

    @Test func aRingDuringTheWaitEndsIt() async {
        let bell = Doorbell()
        let started = clock.now
        async let waited: Void = bell.wait(upTo: .seconds(30))
        try? await Task.sleep(for: .milliseconds(50))
        bell.ring()
        await waited
        #expect(clock.now - started < .seconds(5))
    }

    @Test func ringsBetweenWaitsEndTheNextOneOnlyAndCountOnce() async {
        let bell = Doorbell()
        bell.ring()
        bell.ring()
        var started = clock.now
        await bell.wait(upTo: .seconds(30))
        #expect(clock.now - started < .seconds(5))
        started = clock.now
        await bell.wait(upTo: .milliseconds(200))
        #expect(clock.now - started >= .milliseconds(200), "the second ring was not kept for another wait")
    }

    @Test func cancellingTheTaskEndsTheWait() async {
        let bell = Doorbell()
        let started = clock.now
        let waiting = Task { await bell.wait(upTo: .seconds(30)) }
        try? await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await waiting.value
        #expect(clock.now - started < .seconds(5))
    }
}
