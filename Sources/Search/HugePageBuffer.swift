#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable, contiguous array of trivial values aligned to 2 MiB and (on Linux) advised into
/// transparent huge pages. A full scan touches hundreds of megabytes; with 4 KiB pages the TLB
/// misses alone cost a noticeable share of the query time.
struct HugePageBuffer<Element: BitwiseCopyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var capacity: Int
    private(set) var count = 0

    private static var alignment: Int { 2 << 20 }

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 1)
        base = Self.allocate(self.capacity)
    }

    deinit { free(base) }

    var pointer: UnsafePointer<Element> { UnsafePointer(base) }

    /// Appends `n` zeroed elements and returns a pointer to the first of them.
    mutating func appendZeroed(_ n: Int) -> UnsafeMutablePointer<Element> {
        if count + n > capacity { grow(to: count + n) }
        let start = base + count
        UnsafeMutableRawPointer(start).initializeMemory(as: UInt8.self, repeating: 0, count: n * MemoryLayout<Element>.stride)
        count += n
        return start
    }

    /// Drops the last `n` elements (the memory is kept for later appends).
    mutating func removeLast(_ n: Int) {
        precondition(n <= count)
        count -= n
    }

    subscript(i: Int) -> UnsafeMutablePointer<Element> { base + i }

    private mutating func grow(to needed: Int) {
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = Self.allocate(newCapacity)
        newBase.update(from: base, count: count)
        free(base)
        base = newBase
        capacity = newCapacity
    }

    private static func allocate(_ n: Int) -> UnsafeMutablePointer<Element> {
        let bytes = max(n * MemoryLayout<Element>.stride, 1)
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes for the vector index")
        }
        #if os(Linux)
        if bytes >= alignment { _ = madvise(raw, bytes, MADV_HUGEPAGE) }
        #endif
        return raw.bindMemory(to: Element.self, capacity: n)
    }
}
