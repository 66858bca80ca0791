import Testing
@testable import Ingest

/// What the writes did, in the order they did it.
actor WriteLog {
    var finished: [Int] = []
    var running = 0, mostAtOnce = 0
    func start() { running += 1; mostAtOnce = max(mostAtOnce, running) }
    func end(_ n: Int) { running -= 1; finished.append(n) }
}

@Suite struct OrderedWritesTests {
    struct Failed: Error, Equatable { let batch: Int }

    /// Earlier writes take longest, so a pipeline that let them overlap would finish them out of order.
    func write(_ n: Int, _ log: WriteLog, failing: Int? = nil) -> @Sendable () async throws -> Int {
        { [n] in
            await log.start()
            try await Task.sleep(for: .milliseconds(5 * (5 - n)))
            await log.end(n)
            if n == failing { throw Failed(batch: n) }
            return n * 10
        }
    }

    @Test func writesRunOneAtATimeInOrderAndReturnTheirOutputs() async throws {
        let log = WriteLog()
        var writes = OrderedWrites<Int>()
        var outputs: [Int] = []
        for n in 0..<5 {
            if let out = try await writes.submit(write(n, log)) { outputs.append(out) }
        }
        if let out = try await writes.finish() { outputs.append(out) }
        #expect(outputs == [0, 10, 20, 30, 40])
        #expect(await log.finished == [0, 1, 2, 3, 4])
        #expect(await log.mostAtOnce == 1)
        #expect(try await writes.finish() == nil)
    }

    @Test func aFailedWriteStopsEveryLaterOne() async throws {
        let log = WriteLog()
        var writes = OrderedWrites<Int>()
        #expect(try await writes.submit(write(0, log)) == nil)
        #expect(try await writes.submit(write(1, log, failing: 1)) == 0)
        // Submitting batch 2 reports batch 1's failure, and batch 2 must not be written after it.
        await #expect(throws: Failed(batch: 1)) { try await writes.submit(write(2, log)) }
        #expect(try await writes.finish() == nil)
        #expect(await log.finished == [0, 1])
    }
}
