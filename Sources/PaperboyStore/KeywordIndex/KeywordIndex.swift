import Foundation
import GRDB
import Logging
import Synchronization

/// A store's in-memory keyword index (`KeywordView`), kept to the store's current version.
/// When the store has changed (an import, a harvest, another process), the next search brings
/// it up to date: papers changed since the base segment was built go into a delta segment; past
/// `deltaLimit` of them the base is rebuilt. Small updates happen within that search; big ones
/// in the background, while FTS5 answers searches.
final class KeywordIndex: Sendable {
    struct Policy {
        /// Updates that tokenize at most this many papers run within the search that needs
        /// them (about 25 µs a paper).
        var inlinePapers = 20_000
        /// Past this many papers changed since the base, the base is rebuilt.
        var deltaLimit = 50_000
    }

    private let dbWriter: any DatabaseWriter
    private let policy: Policy
    private struct State {
        var view: KeywordView?
        var updating = false
    }
    private let state = Mutex(State())
    private let logger = Logger(label: "paperboy.keyword-index")

    init(_ dbWriter: any DatabaseWriter, policy: Policy = Policy()) {
        self.dbWriter = dbWriter
        self.policy = policy
    }

    /// The view for the version `db` sees, updated first if that is cheap; nil while an update
    /// runs (or has just been started in the background): the caller uses FTS5.
    func current(_ db: Database) throws -> KeywordView? {
        let version = try SQLiteStore.version(db)
        let old = state.withLock { $0.view }
        if let old, old.version == version { return old }
        guard beginUpdate() else { return nil }
        let plan = try UpdatePlan(db, version: version, base: old?.base, deltaLimit: policy.deltaLimit)
        guard plan.papers <= policy.inlinePapers else {
            Task.detached(priority: .utility) { await self.update() }
            return nil
        }
        let updated: KeywordView
        do { updated = try plan.run(db) } catch { endUpdate(nil); throw error }
        endUpdate(updated)
        return updated
    }

    /// Brings the view up to date with the store as it is now, after `beginUpdate()` said yes.
    func update() async {
        let start = ContinuousClock.now
        do {
            let base = state.withLock { $0.view?.base }
            let updated = try await dbWriter.read { [policy] db in
                try UpdatePlan(db, version: try SQLiteStore.version(db), base: base, deltaLimit: policy.deltaLimit).run(db)
            }
            endUpdate(updated)
            logger.info("keyword index updated", metadata: [
                "papers": "\(updated.documentCount)", "delta": "\(updated.delta?.documentCount ?? 0)",
                "megabytes": "\(Int(updated.base.megabytes))", "seconds": "\(ContinuousClock.now - start)"])
        } catch {
            endUpdate(nil)
            logger.error("keyword index update failed; searches use FTS5", metadata: ["error": "\(error)"])
        }
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
struct UpdatePlan {
    let version: StoreVersion
    let base: KeywordSegment?
    /// The papers a delta rebuilds; nil for a new base.
    let changed: [Int64]?

    init(_ db: Database, version: StoreVersion, base: KeywordSegment?, deltaLimit: Int) throws {
        self.version = version
        guard let base else {
            self.base = nil; changed = nil
            return
        }
        let changed = try Int64.fetchAll(db, sql: """
            SELECT rowid FROM paper WHERE rowid > ? UNION SELECT paperRowid FROM paperChange WHERE seq > ? LIMIT ?
            """, arguments: [base.version.lastPaper, base.version.lastChange, deltaLimit + 1])
        self.base = changed.count <= deltaLimit ? base : nil
        self.changed = changed.count <= deltaLimit ? changed : nil
    }

    /// Papers to tokenize (a new base: about as many as rowids).
    var papers: Int { changed?.count ?? Int(version.lastPaper) }

    func run(_ db: Database) throws -> KeywordView {
        guard let base, let changed else { return KeywordView(version: version, base: try KeywordSegment.build(db, version: version)) }
        var replaced = DocumentSet(capacity: base.documentCount)
        for rowid in changed { if let d = base.document(rowid: rowid) { replaced.insert(d) } }
        let delta = try KeywordSegment.build(db, version: version, only: changed, averageLength: base.averageLength)
        return KeywordView(version: version, base: base, delta: delta, replaced: replaced)
    }
}
