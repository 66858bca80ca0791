import Foundation
import Synchronization

/// Rendered replies keyed by request path and query, kept for `ttl` seconds. Listing pages,
/// API answers and feeds are the same for every visitor, so a hot page costs one store query
/// per TTL instead of one per request. Bounded: when full, the oldest half is dropped.
final class ResponseCache: Sendable {
    private struct Entry { var reply: Reply; var expires: Date; var inserted: UInt64 }
    private struct State { var entries: [String: Entry] = [:]; var counter: UInt64 = 0 }
    private let state = Mutex(State())
    private let ttl: TimeInterval
    private let capacity: Int

    init(ttl: TimeInterval, capacity: Int = 4096) {
        self.ttl = ttl; self.capacity = capacity
    }

    /// The cached reply for `key`, or the one `build` makes (then cached). Errors are not cached.
    func reply(for key: String, now: Date = Date(), build: () async throws -> Reply) async throws -> Reply {
        guard ttl > 0 else { return try await build() }
        if let hit = state.withLock({ $0.entries[key] }), hit.expires > now { return hit.reply }
        let reply = try await build()
        state.withLock { s in
            if s.entries.count >= capacity {
                let keep = s.entries.sorted { $0.value.inserted > $1.value.inserted }.prefix(capacity / 2)
                s.entries = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            }
            s.counter += 1
            s.entries[key] = Entry(reply: reply, expires: now.addingTimeInterval(ttl), inserted: s.counter)
        }
        return reply
    }

    func removeAll() { state.withLock { $0.entries.removeAll() } }
}
