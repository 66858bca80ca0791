import Foundation
import Synchronization

/// Rendered replies keyed by request path and query. Listing pages, API answers and feeds are
/// the same for every visitor, so a hot page costs one store query per change instead of one
/// per request.
///
/// An entry is good while the store's version is the one it was built at (any write, by any
/// process, makes it stale within `versionInterval`, see `VersionCheck`) and for at most `ttl` seconds (trending order drifts with
/// the clock even without writes). Concurrent misses of one key share one build. Bounded: when
/// full, the oldest half is dropped.
final class ResponseCache<Version: Hashable & Sendable>: Sendable {
    private struct Entry { var reply: Reply; var version: Version; var expires: Date; var inserted: UInt64 }
    private struct Build { var id: UInt64; var version: Version; var task: Task<Reply, any Error> }
    private struct State {
        var entries: [String: Entry] = [:]
        var building: [String: Build] = [:]
        var counter: UInt64 = 0
    }
    private enum Found { case hit(Reply), pending(Task<Reply, any Error>) }
    private let state = Mutex(State())
    private let ttl: TimeInterval
    private let capacity: Int
    private let versions: VersionCheck<Version>

    init(ttl: TimeInterval, versionInterval: TimeInterval, capacity: Int = 4096,
         version: @escaping @Sendable () async throws -> Version) {
        self.ttl = ttl; self.capacity = capacity
        self.versions = VersionCheck(interval: .milliseconds(Int64((versionInterval * 1000).rounded())), version)
    }

    /// The cached reply for `key`, or the one `build` makes (then cached). Errors are not cached.
    func reply(for key: String, now: Date = Date(), build: @escaping @Sendable () async throws -> Reply) async throws -> Reply {
        guard ttl > 0 else { return try await build() }
        // Read before building: if a write lands during the build, the entry is tagged with
        // the older version and rebuilt next time, never the other way round.
        let version = try await versions.current()
        let found = state.withLock { s -> Found in
            if let hit = s.entries[key], hit.version == version, hit.expires > now { return .hit(hit.reply) }
            if let b = s.building[key], b.version == version { return .pending(b.task) }
            s.counter += 1
            let id = s.counter
            let task = Task { try await self.run(build, key: key, id: id, version: version, now: now) }
            s.building[key] = Build(id: id, version: version, task: task)
            return .pending(task)
        }
        switch found {
        case .hit(let reply): return reply
        case .pending(let task): return try await task.value
        }
    }

    private func run(_ build: () async throws -> Reply, key: String, id: UInt64, version: Version, now: Date) async throws -> Reply {
        let built: Reply
        do {
            built = try await build().compressed()
        } catch {
            state.withLock { if $0.building[key]?.id == id { $0.building[key] = nil } }
            throw error
        }
        return state.withLock { s in
            if s.building[key]?.id == id { s.building[key] = nil }
            var reply = built
            if let previous = s.entries[key]?.reply { reply.lastModified = Self.lastModified(of: reply, after: previous) }
            if s.entries.count >= capacity {
                let keep = s.entries.sorted { $0.value.inserted > $1.value.inserted }.prefix(capacity / 2)
                s.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
            s.counter += 1
            s.entries[key] = Entry(reply: reply, version: version, expires: now.addingTimeInterval(ttl), inserted: s.counter)
            return reply
        }
    }

    /// Last-Modified has whole seconds, so a page rebuilt with new content in the same second as
    /// the old one would answer If-Modified-Since with a wrong 304. Unchanged content keeps its
    /// date (more 304s); changed content gets a date later than the old one.
    static func lastModified(of reply: Reply, after previous: Reply) -> Date {
        if reply.etag == previous.etag { return previous.lastModified }
        return max(reply.lastModified, previous.lastModified.addingTimeInterval(1))
    }

}
