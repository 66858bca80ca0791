import CZlib
import Foundation

/// Reads through zlib, which passes plain files through unchanged: a gzip-compressed XML or
/// JSON document imports like the plain one.
enum GzipFile {
    static func isGzip(_ prefix: Data) -> Bool { prefix.starts(with: [0x1F, 0x8B]) }

    /// Up to `limit` decompressed bytes from the start of the file.
    static func read(path: String, limit: Int = .max) throws -> Data {
        let reader = try GzipReader(path: path)
        var out = Data()
        while out.count < limit, let chunk = try reader.read(max: min(1 << 16, limit - out.count)) { out.append(chunk) }
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

/// A file (plain or gzip) read in chunks of decompressed bytes, by one thread at a time.
final class GzipReader: @unchecked Sendable {
    let path: String
    private let file: gzFile
    private var buffer: [UInt8] = []

    init(path: String) throws {
        guard let f = gzopen(path, "rb") else {
            throw IngestError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        file = f
    }

    deinit { gzclose(file) }

    /// Compressed bytes consumed so far.
    var compressedOffset: Int64 { Int64(gzoffset(file)) }

    /// Up to `max` decompressed bytes; nil at the end of the file. A truncated or corrupt
    /// gzip stream throws `IngestError.corruptGzip`.
    func read(max: Int) throws -> Data? {
        if buffer.count < max { buffer = [UInt8](repeating: 0, count: max) }
        let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32(max)) }
        if let problem = GzipFile.errorMessage(file, path: path) ?? (n < 0 ? "read error" : nil) {
            throw IngestError.corruptGzip(file: path, line: 0, reason: problem)
        }
        return n == 0 ? nil : Data(buffer[0..<Int(n)])
    }
}
