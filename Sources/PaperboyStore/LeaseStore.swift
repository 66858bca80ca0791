import Foundation

/// Leases on the background jobs (harvest, embedding, digests), so that of several
/// instances on one database each job runs on one at a time. A lease names its holder and
/// lasts until a time the holder keeps moving forward; a holder that dies stops renewing and
/// another instance takes the job over once the lease has run out.
public protocol LeaseStore: Sendable {
    /// Takes or renews the lease `name` for `owner` until `now + duration`, unless another
    /// owner holds it past `now`. True when `owner` holds it afterwards.
    func acquireLease(_ name: String, owner: String, now: Date, duration: TimeInterval) async throws -> Bool
    /// Gives up the lease if `owner` holds it, recording `finishedRun` (the key of the run it
    /// completed, such as a harvest's date) when given.
    func releaseLease(_ name: String, owner: String, finishedRun: String?) async throws
    /// The key of the newest run completed under the lease `name`.
    func finishedRun(_ name: String) async throws -> String?
}
