import CZlib
import Foundation

/// Whole-file and prefix reads through zlib, which passes plain files through unchanged:
/// a gzip-compressed XML or JSON document imports like the plain one.
enum GzipFile {
    static func isGzip(_ prefix: Data) -> Bool { prefix.starts(with: [0x1F, 0x8B]) }

    /// Up to `limit` decompressed bytes from the start of the file.
    static func read(path: String, limit: Int = .max) throws -> Data {
        guard let file = gzopen(path, "rb") else {
            throw IngestError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        defer { gzclose(file) }
        var out = Data()
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while out.count < limit {
            let n = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(min($0.count, limit - out.count))) }
            if n < 0 { throw corrupt(file, path) }
            if n == 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code)
                if code != Z_OK { throw IngestError.corruptGzip(file: path, line: 0, reason: message.map { String(cString: $0) } ?? "zlib error \(code)") }
                break
            }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }

    private static func corrupt(_ file: gzFile, _ path: String) -> IngestError {
        var code: Int32 = 0
        let message = gzerror(file, &code)
        return .corruptGzip(file: path, line: 0, reason: message.map { String(cString: $0) } ?? "zlib error \(code)")
    }
}
