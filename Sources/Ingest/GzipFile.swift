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
            if let problem = errorMessage(file, path: path) ?? (n < 0 ? "read error" : nil) {
                throw IngestError.corruptGzip(file: path, line: 0, reason: problem)
            }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<Int(n)])
        }
        return out
    }

    /// zlib's message when the stream is truncated or damaged (a truncated member shows as
    /// Z_BUF_ERROR "unexpected end of file" once reading reaches the end), without the file
    /// name zlib puts in front: our errors carry it already.
    static func errorMessage(_ file: gzFile, path: String) -> String? {
        var code: Int32 = 0
        let message = gzerror(file, &code)
        guard code != Z_OK else { return nil }
        guard let text = message.map({ String(cString: $0) }), !text.isEmpty else { return "zlib error \(code)" }
        return text.hasPrefix(path + ": ") ? String(text.dropFirst(path.count + 2)) : text
    }
}
