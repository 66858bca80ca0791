import Foundation

/// A memory-mapped .safetensors file: an 8-byte little-endian header length, a JSON header
/// mapping tensor names to dtype/shape/byte range, then the raw data. The header is parsed
/// here; tensor bytes are read straight from the mapping.
final class SafeTensorsFile: @unchecked Sendable {
    struct Tensor {
        var dtype: String
        var shape: [Int]
        var range: Range<Int>
    }

    let path: String
    let tensors: [String: Tensor]
    /// Whole-file mapping; immutable (PROT_READ) and alive as long as this object.
    let base: UnsafeRawPointer
    let size: Int
    private let dataStart: Int

    init(url: URL) throws {
        path = url.path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw EmbeddingError.missingFile(path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 8 else {
            throw EmbeddingError.badFile(path, "too short to be a safetensors file")
        }
        size = Int(info.st_size)
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), mapped != MAP_FAILED else {
            throw EmbeddingError.badFile(path, "cannot be memory-mapped (errno \(errno))")
        }
        base = UnsafeRawPointer(mapped)
        do {
            let headerLength = Int(UInt64(littleEndian: base.loadUnaligned(as: UInt64.self)))
            guard headerLength > 0, headerLength <= size - 8 else {
                throw EmbeddingError.badFile(path, "header length \(headerLength) does not fit in a \(size)-byte file")
            }
            dataStart = 8 + headerLength
            tensors = try Self.parseHeader(Data(bytes: base + 8, count: headerLength), path: path, dataSize: size - dataStart)
        } catch {
            munmap(mapped, size)
            throw error
        }
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), size)
    }

    private static func parseHeader(_ data: Data, path: String, dataSize: Int) throws -> [String: Tensor] {
        guard let header = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw EmbeddingError.badFile(path, "header is not a JSON object")
        }
        var tensors: [String: Tensor] = [:]
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any],
                  let dtype = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [NSNumber])?.map(\.intValue),
                  let offsets = (entry["data_offsets"] as? [NSNumber])?.map(\.intValue),
                  offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataSize
            else {
                throw EmbeddingError.badFile(path, "tensor \(name) has a malformed header entry")
            }
            tensors[name] = Tensor(dtype: dtype, shape: shape, range: offsets[0]..<offsets[1])
        }
        return tensors
    }

    /// The tensor's values as Float32, converting F16/BF16; checks the shape.
    func floats(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let tensor = tensors[name] else {
            throw EmbeddingError.badFile(path, "tensor \(name) is missing")
        }
        guard tensor.shape == expected else {
            throw EmbeddingError.badFile(path, "tensor \(name) has shape \(tensor.shape), expected \(expected)")
        }
        let count = expected.reduce(1, *)
        let bytes = base + dataStart + tensor.range.lowerBound
        let width: Int
        switch tensor.dtype {
        case "F32": width = 4
        case "F16", "BF16": width = 2
        default: throw EmbeddingError.badFile(path, "tensor \(name) has dtype \(tensor.dtype); only F32, F16 and BF16 are supported")
        }
        guard tensor.range.count == count * width else {
            throw EmbeddingError.badFile(path, "tensor \(name) holds \(tensor.range.count) bytes, expected \(count * width)")
        }
        return [Float](unsafeUninitializedCapacity: count) { out, initialized in
            switch tensor.dtype {
            case "F32":
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(start: bytes, count: count * 4))
            case "F16":
                for i in 0..<count {
                    out[i] = Float(Float16(bitPattern: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))))
                }
            default: // BF16: the top half of a Float32
                for i in 0..<count {
                    out[i] = Float(bitPattern: UInt32(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) << 16)
                }
            }
            initialized = count
        }
    }

    /// A 64-bit fingerprint of the whole file, to tell weight files apart in vector tags.
    func fingerprint() -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(size)
        let words = size / 8
        for i in 0..<words {
            hash = (hash ^ base.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self)) &* 0x0000_0100_0000_01B3
            hash ^= hash >> 29
        }
        for i in (words * 8)..<size {
            hash = (hash ^ UInt64(base.load(fromByteOffset: i, as: UInt8.self))) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
