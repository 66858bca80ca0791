import Foundation
import Logging
import PaperboyStore
import ServiceLifecycle
import Synchronization

/// Runs the incremental harvest once a day after arXiv's announcement, for as long as the
/// server runs. A failed run is logged and shown in `status()`; the next day's run tries again
/// from the checkpoint. Graceful shutdown cancels a run in progress, which leaves the store at
/// its last committed page. With several instances on one database, the day's run is made
/// by whichever holds the "harvest" lease; if it dies mid-run, another takes the lease over
/// once it runs out and finishes the run from the checkpoint.
public final class HarvestService: Service, Sendable {
    private let harvester: Harvester
    private let schedule: HarvestSchedule
    private let clock: any HarvestClock
    private let logger: Logger
    private let state = Mutex(HarvestStatus())
    private let lease: JobLease?

    public init(harvester: Harvester, clock: any HarvestClock = SystemClock(), logger: Logger = Logger(label: "paperboy.harvest"),
                lease: JobLease? = nil) {
        self.harvester = harvester
        self.schedule = harvester.config.schedule
        self.clock = clock
        self.logger = logger
        self.lease = lease
    }

    /// A snapshot of the service's state.
    public func status() -> HarvestStatus { state.withLock { $0 } }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown { try await self.loop() }
    }

    private func loop() async throws {
        while !Task.isCancelled {
            let next = schedule.nextRun(after: clock.now())
            state.withLock { $0.nextRun = next }
            logger.info("next harvest", metadata: ["at": "\(next)"])
            try await clock.sleep(untilDate: next)
            try await scheduledRun(next)
        }
    }

    /// The run due at `time`: here, or on another instance that holds the lease. While another
    /// holds it, this one looks again every third of the lease, and runs the harvest itself if
    /// the lease runs out before the run is recorded as finished.
    private func scheduledRun(_ time: Date) async throws {
        guard let lease else { return await runOnce() }
        let key = ISO8601DateFormatter().string(from: time)
        while !Task.isCancelled {
            do {
                if try await lease.store.finishedRun(lease.name) == key { return }
                if try await lease.whileHeld(finishing: key, { await self.runOnce() }) != nil { return }
            } catch is JobLeaseLost {
                logger.warning("another instance took the harvest over")
                return
            } catch {
                logger.error("harvest lease unavailable", metadata: ["error": "\(error)"])
            }
            try await Task.sleep(for: .seconds(lease.duration / 3))
        }
    }

    /// One incremental harvest now, recorded in the status. Also what a manual trigger calls.
    public func runOnce() async {
        let before = harvester.client.requestCounters
        state.withLock { $0.running = true; $0.lastRunStarted = clock.now() }
        let outcome: Result<HarvestReport, Error>
        do {
            outcome = .success(try await harvester.incremental())
        } catch is CancellationError {
            // Shutdown, not a failure: the checkpoint holds the last committed page.
            state.withLock { $0.running = false }
            return
        } catch {
            outcome = .failure(error)
        }
        let after = harvester.client.requestCounters
        state.withLock { s in
            s.running = false
            s.runs += 1
            s.lastRunFinished = clock.now()
            s.requests += after.requests - before.requests
            s.retries += after.retries - before.retries
            switch outcome {
            case .success(let report):
                s.lastSuccess = s.lastRunFinished
                s.lastError = nil
                s.papersInserted += report.papers.inserted
                s.papersUpdated += report.papers.updated
                s.papersDeleted += report.deleted
            case .failure(let error):
                s.failures += 1
                s.lastError = "\(error)"
            }
        }
        switch outcome {
        case .success(let report): logger.info("harvest done", metadata: ["pages": "\(report.pages)", "new": "\(report.papers.inserted)"])
        case .failure(let error): logger.error("harvest failed", metadata: ["error": "\(error)"])
        }
    }
}
