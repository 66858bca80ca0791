import PaperboyStore
import Synchronization

/// Asks the store for its version, sharing one query among the requests that ask at the same
/// time. Under load every cached request needs the version, and most of them arrive while a
/// check is already running: they wait for that one instead of queueing their own. A request
/// that arrives when no check runs starts a fresh one, so a write that has finished is always
/// seen by the next request (no time window in which stale pages are served).
final class VersionCheck: Sendable {
    private struct Flight { var id: UInt64; var task: Task<StoreVersion, any Error> }
    private struct State { var flight: Flight?; var started: UInt64 = 0 }
    private let state = Mutex(State())
    private let fetch: @Sendable () async throws -> StoreVersion

    init(_ fetch: @escaping @Sendable () async throws -> StoreVersion) { self.fetch = fetch }

    func current() async throws -> StoreVersion {
        let task = state.withLock { s -> Task<StoreVersion, any Error> in
            if let flight = s.flight { return flight.task }
            s.started += 1
            let id = s.started
            let fetch = self.fetch
            // The task clears its own slot before it delivers, so nobody joins a finished check.
            let task = Task { [weak self] in
                defer { self?.state.withLock { if $0.flight?.id == id { $0.flight = nil } } }
                return try await fetch()
            }
            s.flight = Flight(id: id, task: task)
            return task
        }
        return try await task.value
    }
}
