import Dispatch
import PaperboyCore

/// An in-memory index of unit vectors keyed by paper id, answering exact top-k cosine queries.
///
/// A query scans int8 codes (one byte per dimension, a quarter of the f32 bytes: the scan is
/// memory-bound), keeps the best `candidates` by approximate score, and re-scores those with the
/// f32 vectors. Quantisation noise only has to keep the true top k inside the candidate set,
/// not in order, which it does with a wide margin for a few hundred candidates.
///
/// Thread-safe: queries share a read lock, adds and removals take the write lock.
public final class VectorIndex: @unchecked Sendable {
    public struct Match: Sendable, Hashable {
        public var id: String
        /// Cosine similarity, -1...1.
        public var score: Float
        public init(id: String, score: Float) { self.id = id; self.score = score }
    }

    public let dimension: Int
    /// Bytes per stored code row: the dimension rounded up to the kernel's block.
    let codeStride: Int

    private let lock = ReadWriteLock()
    private var codes: HugePageBuffer<Int8>
    private var scales: HugePageBuffer<Float>
    private var vectors: HugePageBuffer<Float>
    private var ids: [String] = []
    private var slots: [String: Int] = [:]

    /// Rows scored per block before the block's scores are checked against the heap.
    private static let blockRows = 512

    public init(dimension: Int, capacity: Int = 0) {
        precondition(dimension > 0, "vector dimension must be positive")
        self.dimension = dimension
        codeStride = (dimension + DotKernels.int8Block - 1) / DotKernels.int8Block * DotKernels.int8Block
        codes = HugePageBuffer(capacity: capacity * codeStride)
        scales = HugePageBuffer(capacity: capacity)
        vectors = HugePageBuffer(capacity: capacity * dimension)
        ids.reserveCapacity(capacity)
    }

    public var count: Int { lock.withReadLock { ids.count } }

    public func contains(_ id: String) -> Bool { lock.withReadLock { slots[id] != nil } }

    /// The stored (unit-length) vector of `id`.
    public func vector(for id: String) -> [Float]? {
        lock.withReadLock {
            guard let slot = slots[id] else { return nil }
            return Array(UnsafeBufferPointer(start: vectors.pointer + slot * dimension, count: dimension))
        }
    }

    /// Adds vectors, replacing any already stored under the same id. Vectors are normalised;
    /// the whole batch is checked before anything is stored.
    public func add(_ items: [(id: String, vector: [Float])]) throws(VectorIndexError) {
        var prepared: [(id: String, unit: [Float])] = []
        prepared.reserveCapacity(items.count)
        for item in items {
            guard item.vector.count == dimension else {
                throw .dimensionMismatch(id: item.id, expected: dimension, got: item.vector.count)
            }
            guard let unit = Quantization.normalized(item.vector) else { throw .degenerateVector(id: item.id) }
            prepared.append((item.id, unit))
        }
        lock.withWriteLock {
            for (id, unit) in prepared {
                let slot: Int
                if let existing = slots[id] {
                    slot = existing
                } else {
                    slot = ids.count
                    _ = codes.appendZeroed(codeStride)
                    _ = scales.appendZeroed(1)
                    _ = vectors.appendZeroed(dimension)
                    ids.append(id)
                    slots[id] = slot
                }
                store(unit, at: slot)
            }
        }
    }

    public func add(id: String, vector: [Float]) throws(VectorIndexError) {
        try add([(id, vector)])
    }

    /// Removes `id`; the last row moves into its slot so storage stays contiguous.
    @discardableResult
    public func remove(id: String) -> Bool {
        lock.withWriteLock {
            guard let slot = slots.removeValue(forKey: id) else { return false }
            let last = ids.count - 1
            if slot != last {
                codes[slot * codeStride].update(from: codes[last * codeStride], count: codeStride)
                scales[slot].pointee = scales[last].pointee
                vectors[slot * dimension].update(from: vectors[last * dimension], count: dimension)
                ids[slot] = ids[last]
                slots[ids[slot]] = slot
            }
            ids.removeLast()
            codes.removeLast(codeStride)
            scales.removeLast(1)
            vectors.removeLast(dimension)
            return true
        }
    }

    /// The `k` stored vectors most similar to `query`, best first, skipping `excluding`.
    /// - Parameters:
    ///   - candidates: how many int8 winners are re-scored in f32 (at least `k`).
    ///   - threads: splits the int8 scan across this many cores (1 = the calling thread only).
    public func search(_ query: [Float], k: Int, candidates: Int = 200, excluding: Set<String> = [], threads: Int = 1) -> [Match] {
        guard k > 0, query.count == dimension, let unit = Quantization.normalized(query) else { return [] }
        return lock.withReadLock {
            let n = ids.count
            guard n > 0 else { return [] }
            let shortlist = min(n, max(candidates, k) + excluding.count)
            var queryCodes = [Int8](repeating: 0, count: codeStride)
            _ = unit.withUnsafeBufferPointer { u in
                queryCodes.withUnsafeMutableBufferPointer { Quantization.quantize(u, into: $0) }
            }
            let top = queryCodes.withUnsafeBufferPointer { q in
                scanInt8(q.baseAddress!, rows: n, keep: shortlist, threads: threads)
            }
            var rescored: [Match] = []
            rescored.reserveCapacity(top.count)
            unit.withUnsafeBufferPointer { u in
                for entry in top where !excluding.contains(ids[entry.slot]) {
                    let score = DotKernels.dot(u.baseAddress!, vectors.pointer + entry.slot * dimension, count: dimension)
                    rescored.append(Match(id: ids[entry.slot], score: score))
                }
            }
            return Self.best(rescored, k: k)
        }
    }

    /// The `k` nearest neighbours of a stored vector, itself excluded; nil when `id` is unknown.
    public func neighbours(of id: String, k: Int, candidates: Int = 200) -> [Match]? {
        guard let v = vector(for: id) else { return nil }
        return search(v, k: k, candidates: candidates, excluding: [id])
    }

    /// The same answer computed by brute force in f32: the baseline for recall and speed.
    public func exactSearch(_ query: [Float], k: Int, excluding: Set<String> = []) -> [Match] {
        guard k > 0, query.count == dimension, let unit = Quantization.normalized(query) else { return [] }
        return lock.withReadLock {
            var top = TopK(capacity: min(ids.count, k + excluding.count))
            unit.withUnsafeBufferPointer { u in
                for slot in 0..<ids.count {
                    let score = DotKernels.dot(u.baseAddress!, vectors.pointer + slot * dimension, count: dimension)
                    if score > top.threshold { top.insert(score: score, slot: slot) }
                }
            }
            let matches = top.sorted().lazy.map { Match(id: self.ids[$0.slot], score: $0.score) }.filter { !excluding.contains($0.id) }
            return Self.best(Array(matches), k: k)
        }
    }

    // MARK: - Many vectors at once (what the recommender trains and ranks with)

    /// The stored unit vectors of those `ids` that have one, row-major, with their ids.
    public func rows(for ids: [String]) -> (ids: [String], rows: [Float]) {
        lock.withReadLock {
            var found: [String] = [], rows: [Float] = []
            found.reserveCapacity(ids.count)
            rows.reserveCapacity(ids.count * dimension)
            for id in ids {
                guard let slot = slots[id] else { continue }
                found.append(id)
                rows.append(contentsOf: UnsafeBufferPointer(start: vectors.pointer + slot * dimension, count: dimension))
            }
            return (found, rows)
        }
    }

    /// w·x for each of `ids` (nil for an id without a vector), in f32.
    public func scores(of ids: [String], weights: [Float]) -> [Float?] {
        guard weights.count == dimension else { return ids.map { _ in nil } }
        return lock.withReadLock {
            weights.withUnsafeBufferPointer { w in
                ids.map { id in
                    slots[id].map { DotKernels.dot(w.baseAddress!, vectors.pointer + $0 * dimension, count: dimension) }
                }
            }
        }
    }

    /// Up to `count` distinct ids drawn at random.
    public func sampleIDs<G: RandomNumberGenerator>(count: Int, using generator: inout G) -> [String] {
        lock.withReadLock {
            guard count < ids.count else { return ids }
            var picked = Set<Int>()
            while picked.count < count { picked.insert(Int.random(in: 0..<ids.count, using: &generator)) }
            return picked.sorted().map { ids[$0] }
        }
    }

    // MARK: - Internals (called with the lock held)

    private func store(_ unit: [Float], at slot: Int) {
        unit.withUnsafeBufferPointer { u in
            vectors[slot * dimension].update(from: u.baseAddress!, count: dimension)
            scales[slot].pointee = Quantization.quantize(u, into: UnsafeMutableBufferPointer(start: codes[slot * codeStride], count: codeStride))
        }
    }

    private func scanInt8(_ query: UnsafePointer<Int8>, rows: Int, keep: Int, threads: Int) -> [TopK.Entry] {
        let parts = max(1, min(threads, rows / 4096))
        if parts == 1 { return scanInt8(query, range: 0..<rows, keep: keep).sorted() }
        let chunk = (rows + parts - 1) / parts
        let partial = UnsafeMutableBufferPointer<TopK>.allocate(capacity: parts)
        defer { partial.deinitialize().deallocate() }
        // The closure is @Sendable; the pointers are only used before concurrentPerform returns.
        let shared = UncheckedSendable((query: query, partial: partial))
        DispatchQueue.concurrentPerform(iterations: parts) { p in
            let range = (p * chunk)..<min(rows, (p + 1) * chunk)
            (shared.value.partial.baseAddress! + p).initialize(to: self.scanInt8(shared.value.query, range: range, keep: keep))
        }
        var merged = partial[0]
        for p in 1..<parts { merged.merge(partial[p]) }
        return merged.sorted()
    }

    private func scanInt8(_ query: UnsafePointer<Int8>, range: Range<Int>, keep: Int) -> TopK {
        var top = TopK(capacity: keep)
        let stride = codeStride
        let codeBase = codes.pointer, scaleBase = scales.pointer
        withUnsafeTemporaryAllocation(of: Float.self, capacity: Self.blockRows) { blockScores in
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(start + Self.blockRows, range.upperBound)
                for row in start..<end {
                    let dot = DotKernels.dot(query, codeBase + row &* stride, count: stride)
                    blockScores[row &- start] = Float(dot) * scaleBase[row]
                }
                var threshold = top.threshold
                for row in start..<end where blockScores[row &- start] > threshold {
                    top.insert(score: blockScores[row &- start], slot: row)
                    threshold = top.threshold
                }
                start = end
            }
        }
        return top
    }

    private static func best(_ matches: [Match], k: Int) -> [Match] {
        Array(matches.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }.prefix(k))
    }
}

private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

public enum VectorIndexError: Error, CustomStringConvertible, Equatable {
    case dimensionMismatch(id: String, expected: Int, got: Int)
    case degenerateVector(id: String)

    public var description: String {
        switch self {
        case let .dimensionMismatch(id, expected, got):
            "vector for \(id) has \(got) dimensions, the index holds \(expected)"
        case let .degenerateVector(id):
            "vector for \(id) is zero or not finite, so it has no direction to compare"
        }
    }
}
