import Foundation
import Logging
import Synchronization

/// A store's in-memory keyword index (`KeywordView`), kept to the store's current version.
/// When the store has changed (an import, a harvest, another process), the next search brings
/// it up to date: papers changed since the base segment was built go into a delta segment; past
/// `deltaLimit` of them the base is rebuilt. Small updates happen within that search; big ones
/// in the background, while the store's own full-text search answers.
public final class KeywordIndex: Sendable {
    public struct Policy: Sendable {
        /// Updates that tokenize at most this many papers run within the search that needs
        /// them (about 25 µs a paper).
        var inlinePapers = 20_000
        /// Past this many papers changed since the base, the base is rebuilt.
        var deltaLimit = 50_000
        public init() {}
        init(inlinePapers: Int, deltaLimit: Int) { self.inlinePapers = inlinePapers; self.deltaLimit = deltaLimit }
    }

    private let policy: Policy
    private struct State {
        var view: KeywordView?
        var updating = false
    }
    private let state = Mutex(State())
    private let logger = Logger(label: "paperboy.keyword-index")

    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// The view for the current version of `source` (the store that owns the index), updated
    /// first if that is cheap; nil while an update runs (or has just been started in the
    /// background): the caller uses its own full-text search.
    func current(_ source: any KeywordSource) async throws -> KeywordView? {
        let version = try await source.version()
        let old = state.withLock { $0.view }
        if let old, old.version == version { return old }
        guard beginUpdate() else { return nil }
        do {
            let plan = try await UpdatePlan(source, version: version, base: old?.base, deltaLimit: policy.deltaLimit)
            guard plan.papers <= policy.inlinePapers else {
                Task.detached(priority: .utility) { await self.update(source, plan: plan) }
                return nil
            }
            let updated = try await plan.run(source)
            endUpdate(updated)
            return updated
        } catch {
            endUpdate(nil)
            throw error
        }
    }

    /// Brings the view up to date with `source` as it is now, or as `plan` says, after
    /// `beginUpdate()` said yes.
    func update(_ source: any KeywordSource, plan: UpdatePlan? = nil) async {
        let start = ContinuousClock.now
        do {
            let plan = if let plan { plan } else {
                try await UpdatePlan(source, version: try await source.version(), base: state.withLock { $0.view?.base },
                                     deltaLimit: policy.deltaLimit)
            }
            let updated = try await plan.run(source)
            endUpdate(updated)
            logger.info("keyword index updated", metadata: [
                "papers": "\(updated.documentCount)", "delta": "\(updated.delta?.documentCount ?? 0)",
                "megabytes": "\(Int(updated.base.megabytes))", "seconds": "\(ContinuousClock.now - start)"])
        } catch {
            endUpdate(nil)
            logger.error("keyword index update failed; searches use the store's full-text search", metadata: ["error": "\(error)"])
        }
    }

    /// Builds the view now, for `source` as it is (servers start this in the background;
    /// benchmarks and evaluations wait for it). Does nothing while another build runs.
    public func prepare(_ source: any KeywordSource) async {
        guard beginUpdate() else { return }
        await update(source)
    }

    /// Claims the one update that may run at a time; false if one is running.
    func beginUpdate() -> Bool {
        state.withLock { s in
            if s.updating { return false }
            s.updating = true
            return true
        }
    }

    private func endUpdate(_ updated: KeywordView?) {
        state.withLock { s in
            if let updated { s.view = updated }
            s.updating = false
        }
    }
}

/// How to bring a view to `version`: a delta over `base` of the papers added or changed since
/// it was built, or a new base of every paper.
struct UpdatePlan: Sendable {
    let version: StoreVersion
    let base: KeywordSegment?
    /// The papers a delta rebuilds; nil for a new base.
    let changed: [Int64]?

    init(_ source: any KeywordSource, version: StoreVersion, base: KeywordSegment?, deltaLimit: Int) async throws {
        self.version = version
        guard let base else {
            self.base = nil; changed = nil
            return
        }
        let changed = try await source.keywordChanges(since: base.version, limit: deltaLimit + 1)
        self.base = changed.count <= deltaLimit ? base : nil
        self.changed = changed.count <= deltaLimit ? changed : nil
    }

    /// Papers to tokenize (a new base: about as many as rowids).
    var papers: Int { changed?.count ?? Int(version.lastPaper) }

    func run(_ source: any KeywordSource) async throws -> KeywordView {
        guard let base, let changed else { return KeywordView(version: version, base: try await KeywordSegment.build(source, version: version)) }
        var replaced = DocumentSet(capacity: base.documentCount)
        for rowid in changed { if let d = base.document(rowid: rowid) { replaced.insert(d) } }
        let delta = try await KeywordSegment.build(source, version: version, only: changed, averageLength: base.averageLength)
        return KeywordView(version: version, base: base, delta: delta, replaced: replaced)
    }
}
