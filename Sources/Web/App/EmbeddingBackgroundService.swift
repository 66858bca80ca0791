import Logging
import PaperboyStore
import Search
import ServiceLifecycle

/// Runs the embedding job for `serve`: embeds whatever is missing at start, then looks again
/// every `pollInterval` for newly imported or harvested papers. Stops between batches on
/// graceful shutdown; a failure is logged and retried on the next round instead of taking the
/// server down (keyword search never depends on it). With several instances on one
/// database, the one holding the "embedding" lease embeds; the others look every
/// `followInterval` for the vectors it saved and add them to their own index. A store that
/// announces writes (PostgreSQL) wakes the loop as soon as any process adds papers or vectors.
struct EmbeddingBackgroundService: Service {
    let job: EmbeddingJob
    let follower: VectorFollower
    let lease: JobLease
    var pollInterval: Duration = .seconds(60)
    var followInterval: Duration = .seconds(1)
    let announcements: AsyncStream<String>?
    let logger: Logger
    private let doorbell = Doorbell()

    init(job: EmbeddingJob, follower: VectorFollower, lease: JobLease, announcements: AsyncStream<String>?, logger: Logger) {
        self.job = job; self.follower = follower; self.lease = lease; self.announcements = announcements; self.logger = logger
    }

    func run() async throws {
        // Graceful shutdown cancels the loop; that is the normal way out, not an error (an
        // error here would make the service group tear the web server down mid-request).
        try? await cancelWhenGracefulShutdown {
            try await withThrowingDiscardingTaskGroup { group in
                if let announcements {
                    group.addTask { [doorbell] in
                        for await _ in announcements { doorbell.ring() }
                    }
                }
                try await loop()
                group.cancelAll()
            }
        }
    }

    private func loop() async throws {
        while !Task.isCancelled {
            var wait = pollInterval
            do {
                try await follower.catchUp()
                let embedded = try await lease.whileHeld { [job, logger] in
                    try await job.run { progress in
                        logger.debug("embedding", metadata: ["done": "\(progress.embedded)", "total": "\(progress.total)"])
                    }
                }
                if embedded == nil { wait = followInterval }
                if let embedded, embedded > 0 {
                    let progress = await job.progress
                    logger.info("embedded \(embedded) papers (\(progress.embedded)/\(progress.total), \(Int(progress.papersPerSecond))/s)")
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("embedding job failed, retrying in \(pollInterval): \(error)")
            }
            await doorbell.wait(upTo: wait)
        }
    }
}
