import PaperboyStore

/// What one harvest did.
public struct HarvestReport: Sendable, Equatable {
    public var pages = 0
    public var papers = UpsertResult()
    public var deleted = 0
    /// Lists restarted from the last datestamp after the server dropped our resumption token.
    public var restarts = 0

    public init() {}

    public var recordsSeen: Int { papers.inserted + papers.updated + papers.unchanged + deleted }

    public static func + (a: HarvestReport, b: HarvestReport) -> HarvestReport {
        var r = a
        r.pages += b.pages; r.papers = r.papers + b.papers; r.deleted += b.deleted; r.restarts += b.restarts
        return r
    }
}
