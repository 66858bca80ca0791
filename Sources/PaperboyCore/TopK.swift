/// The `capacity` highest-scoring items seen, kept in a min-heap so the weakest is at the root
/// and a new score is tested against it in O(1). `threshold` lets scan loops skip the heap
/// call for the vast majority of items that cannot enter.
public struct TopK: Sendable {
    public struct Entry: Sendable {
        public var score: Float
        public var slot: Int
        public init(score: Float, slot: Int) { self.score = score; self.slot = slot }
    }

    public let capacity: Int
    public private(set) var heap: [Entry] = []

    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(self.capacity)
    }

    /// Scores at or below this cannot enter when slots arrive in increasing order, as in the
    /// scan loops (a tie enters only with a lower slot); −∞ while the heap is not full.
    public var threshold: Float { heap.count < capacity ? -.infinity : heap[0].score }

    public mutating func insert(score: Float, slot: Int) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(Entry(score: score, slot: slot))
            siftUp(heap.count - 1)
        } else if Self.worse(heap[0], than: Entry(score: score, slot: slot)) {
            heap[0] = Entry(score: score, slot: slot)
            siftDown(0)
        }
    }

    public mutating func merge(_ other: TopK) {
        for e in other.heap { insert(score: e.score, slot: e.slot) }
    }

    /// Best first; ties in slot order so results are deterministic.
    public func sorted() -> [Entry] {
        heap.sorted { $0.score != $1.score ? $0.score > $1.score : $0.slot < $1.slot }
    }

    /// One round of a scan that takes the best items a round at a time: the best `capacity`
    /// of `slots` (scored by `score`) that rank below `ceiling`, the last entry of the round
    /// before (nil for the first), best first.
    @inlinable
    public static func round(_ capacity: Int, of slots: some Sequence<Int>, below ceiling: Entry?,
                             score: (Int) -> Float) -> [Entry] {
        var round = TopK(capacity: capacity)
        for slot in slots {
            let entry = Entry(score: score(slot), slot: slot)
            if let ceiling, !worse(entry, than: ceiling) { continue }
            if entry.score < round.threshold { continue }  // cannot enter: skip the call
            round.insert(score: entry.score, slot: slot)
        }
        return round.sorted()
    }

    /// The order kept: score, then the lower slot among equal scores, so which of several
    /// tied items make the cut never depends on the order they came in (pages stay disjoint).
    public static func worse(_ a: Entry, than b: Entry) -> Bool {
        a.score != b.score ? a.score < b.score : a.slot > b.slot
    }

    private mutating func siftUp(_ i: Int) {
        var child = i
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(heap[child], than: heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var parent = i
        while true {
            let l = 2 * parent + 1, r = l + 1
            var smallest = parent
            if l < heap.count, Self.worse(heap[l], than: heap[smallest]) { smallest = l }
            if r < heap.count, Self.worse(heap[r], than: heap[smallest]) { smallest = r }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
