import Foundation

/// Tokens (byte strings) interned to dense ids, straight from the tokenizer's buffers: building
/// the index of a million papers sees about 170 million tokens, and a `String` per token would
/// cost more than the tokenizing. Open addressing over one byte arena.
struct TermTable: Sendable {
    private var bytes: [UInt8] = []
    /// Term `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var starts: [Int] = [0]
    /// Term id + 1 per slot, 0 when empty; the table is kept at most half full.
    private var slots: [Int32]
    private var mask: Int

    init(capacity: Int = 1 << 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { starts.count - 1 }

    /// The id of `key`, adding it when new.
    mutating func intern(_ key: UnsafeRawBufferPointer) -> Int32 {
        let (slot, found) = find(key)
        if let found { return found }
        let id = Int32(count)
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        slots[slot] = id + 1
        if count * 2 > slots.count { grow() }
        return id
    }

    func lookup(_ key: UnsafeRawBufferPointer) -> Int32? { find(key).id }

    func lookup(_ key: [UInt8]) -> Int32? {
        key.withUnsafeBytes { lookup($0) }
    }

    /// The slot holding `key` and its id, or the empty slot where it would go.
    private func find(_ key: UnsafeRawBufferPointer) -> (slot: Int, id: Int32?) {
        var slot = Self.hash(key) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return (slot, nil) }
            if equals(Int(entry - 1), key) { return (slot, entry - 1) }
            slot = (slot + 1) & mask
        }
    }

    private func equals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = starts[id], end = starts[id + 1]
        guard end - start == key.count else { return false }
        return bytes.withUnsafeBytes { all in
            key.count == 0 || memcmp(all.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for id in 0..<count {
            let h = bytes.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer(rebasing: $0[starts[id]..<starts[id + 1]])) }
            var slot = h & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(id + 1)
        }
    }

    /// FNV-1a: tokens are short, and this is fast and spreads them well enough.
    private static func hash(_ key: UnsafeRawBufferPointer) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}
