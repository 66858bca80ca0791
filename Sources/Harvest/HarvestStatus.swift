import Foundation

/// What the harvest service is doing, for `/healthz` and `/metrics`: a plain value, safe to
/// read from any thread.
public struct HarvestStatus: Sendable, Equatable, Codable {
    public var running = false
    public var lastRunStarted: Date?
    public var lastRunFinished: Date?
    public var lastSuccess: Date?
    public var nextRun: Date?
    public var runs = 0
    public var failures = 0
    public var lastError: String?
    /// Totals since the service started.
    public var papersInserted = 0
    public var papersUpdated = 0
    public var papersDeleted = 0
    public var requests = 0
    public var retries = 0

    public init() {}
}
