import Foundation

/// Runs one background job under a lease (`LeaseStore`): of several instances on one
/// database, only the one holding the lease runs the job. The holder renews the lease every
/// third of its duration while the job runs; if a renewal fails (this instance stalled past
/// the lease and another took over), the job is cancelled here and carries on there from
/// what was committed.
public struct JobLease: Sendable {
    public let name: String
    public let store: any LeaseStore
    /// Who this process is, in every lease it takes.
    public let owner: String
    /// How long a dead holder keeps the job from the others.
    public let duration: TimeInterval
    let now: @Sendable () -> Date

    public init(_ name: String, store: any LeaseStore, owner: String = JobLease.processOwner, duration: TimeInterval = 30,
                now: @escaping @Sendable () -> Date = Date.init) {
        self.name = name; self.store = store; self.owner = owner; self.duration = duration; self.now = now
    }

    /// This process, as lease holders are named: host, process id and a random part (a
    /// restarted process with the same id is someone else).
    public static let processOwner = "\(ProcessInfo.processInfo.hostName)/\(ProcessInfo.processInfo.processIdentifier)/"
        + String(UInt32.random(in: .min ... .max), radix: 16)

    /// Runs `body` while holding the lease, then gives the lease up, recording `run` as
    /// finished when `body` returned. Nil, without running `body`, when another instance
    /// holds the lease. Throws `JobLeaseLost` when the lease was lost while `body` ran.
    public func whileHeld<T: Sendable>(finishing run: String? = nil, _ body: @escaping @Sendable () async throws -> T) async throws -> T? {
        guard try await store.acquireLease(name, owner: owner, now: now(), duration: duration) else { return nil }
        let value: T
        do {
            value = try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask { try await body() }
                group.addTask {
                    while true {
                        try await Task.sleep(for: .seconds(duration / 3))
                        guard try await store.acquireLease(name, owner: owner, now: now(), duration: duration) else {
                            throw JobLeaseLost(name: name)
                        }
                    }
                }
                // The renewal task never returns; it only throws.
                guard let first = try await group.next(), let value = first else { throw JobLeaseLost(name: name) }
                group.cancelAll()
                return value
            }
        } catch let lost as JobLeaseLost {
            throw lost
        } catch {
            try? await store.releaseLease(name, owner: owner, finishedRun: nil)
            throw error
        }
        try await store.releaseLease(name, owner: owner, finishedRun: run)
        return value
    }
}

/// Another instance took the job over while this one ran it.
public struct JobLeaseLost: Error, CustomStringConvertible {
    public var name: String
    public var description: String { "lost the \(name) lease to another instance" }
}
