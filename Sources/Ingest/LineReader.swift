import CZlib
import Foundation

/// Reads a plain or gzip-compressed file line by line in constant memory. zlib's `gzread`
/// passes non-gzip files through unchanged, so one reader serves both. A gzip stream that
/// ends early or is corrupt is an error, never a silently short file.
final class LineReader {
    let path: String
    private let file: gzFile
    private var buffer: [UInt8]
    private var start = 0, end = 0
    private var eof = false
    /// Lines returned so far (the number of the last line returned).
    private(set) var lineNumber = 0

    /// Longer lines are read past, never held whole: `nextLine` hands `overlong` their length.
    let maxLineBytes: Int

    init(path: String, bufferSize: Int = 1 << 20, maxLineBytes: Int = ImportLimits.standard.lineBytes) throws {
        self.path = path
        self.maxLineBytes = maxLineBytes
        guard let f = gzopen(path, "rb") else {
            throw IngestError.unreadable(file: path, reason: String(cString: strerror(errno)))
        }
        file = f
        gzbuffer(f, UInt32(bufferSize))
        buffer = [UInt8](repeating: 0, count: bufferSize)
    }

    deinit { gzclose(file) }

    /// Compressed bytes consumed so far (for progress against the file size).
    var compressedOffset: Int64 { Int64(gzoffset(file)) }

    /// Calls `body` with the next line (without its newline) until the file ends, or
    /// `overlong` with the length of a line over `maxLineBytes`. The buffer is only valid
    /// during the call. Returns nil at the end of the file.
    func nextLine<T>(_ body: (UnsafeBufferPointer<UInt8>) throws -> T, overlong: (Int) throws -> T) throws -> T? {
        var dropped = 0
        while true {
            if let nl = findNewline() {
                let s = start
                start = nl + 1
                lineNumber += 1
                if dropped > 0 || nl - s > maxLineBytes { return try overlong(dropped + nl - s) }
                let lineEnd = nl > s && buffer[nl - 1] == 0x0D ? nl - 1 : nl
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[s..<lineEnd])) }
            }
            if dropped > 0 || end - start > maxLineBytes {
                // Too long already: drop what is buffered and read on to the newline.
                dropped += end - start
                start = end
            }
            if eof {
                guard start < end || dropped > 0 else { return nil }
                let s = start, e = end
                start = end
                lineNumber += 1
                if dropped > 0 { return try overlong(dropped) }
                return try buffer.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[s..<e])) }
            }
            try fill()
        }
    }

    private func findNewline() -> Int? {
        buffer.withUnsafeBufferPointer { b in
            guard start < end, let p = memchr(b.baseAddress! + start, 0x0A, end - start) else { return nil }
            return b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
        }
    }

    private func fill() throws {
        if start > 0 {
            // Move the partial line to the front.
            let count = end - start
            buffer.withUnsafeMutableBufferPointer { b in
                _ = memmove(b.baseAddress!, b.baseAddress! + start, count)
            }
            start = 0; end = count
        }
        if end == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }  // a very long line
        let n = buffer.withUnsafeMutableBufferPointer { b in
            gzread(file, b.baseAddress! + end, UInt32(b.count - end))
        }
        if n < 0 || (n == 0 && (gzeof(file) == 0 || GzipFile.errorMessage(file, path: path) != nil)) {
            throw IngestError.corruptGzip(file: path, line: lineNumber, reason: GzipFile.errorMessage(file, path: path) ?? "read error")
        }
        if n == 0 { eof = true }
        end += Int(n)
    }
}
