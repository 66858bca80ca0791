/// The `capacity` highest-scoring items seen, kept in a min-heap so the weakest is at the root
/// and a new score is tested against it in O(1). `threshold` lets scan loops skip the heap
/// call for the vast majority of items that cannot enter.
struct TopK {
    struct Entry { var score: Float; var slot: Int }

    let capacity: Int
    private(set) var heap: [Entry] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(self.capacity)
    }

    /// Scores at or below this cannot enter (−∞ while the heap is not full).
    var threshold: Float { heap.count < capacity ? -.infinity : heap[0].score }

    mutating func insert(score: Float, slot: Int) {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(Entry(score: score, slot: slot))
            siftUp(heap.count - 1)
        } else if score > heap[0].score {
            heap[0] = Entry(score: score, slot: slot)
            siftDown(0)
        }
    }

    mutating func merge(_ other: TopK) {
        for e in other.heap where e.score > threshold { insert(score: e.score, slot: e.slot) }
    }

    /// Best first; ties in slot order so results are deterministic.
    func sorted() -> [Entry] {
        heap.sorted { $0.score != $1.score ? $0.score > $1.score : $0.slot < $1.slot }
    }

    private mutating func siftUp(_ i: Int) {
        var child = i
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].score < heap[parent].score else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ i: Int) {
        var parent = i
        while true {
            let l = 2 * parent + 1, r = l + 1
            var smallest = parent
            if l < heap.count, heap[l].score < heap[smallest].score { smallest = l }
            if r < heap.count, heap[r].score < heap[smallest].score { smallest = r }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
