import Foundation
import PaperboyCore

/// An XML file's records (arXiv API Atom, OAI-PMH, RSS), read and parsed on a thread of its
/// own while the importer consumes them, in file order. The file is read in chunks (through
/// zlib, so gzip works too), guarded and fed to `XMLParser` as a stream
/// (`XMLDocumentParse.records`); finished records wait in a buffer of at most `capacity`
/// papers. Memory is bounded by the largest record (`ImportLimits.recordBytes`) and the
/// buffer, never by the file.
///
/// `XMLParser` parses a whole stream in one `parse()` call and has no way to pause it, so the
/// parse runs on its own thread and blocks when the consumer falls behind.
final class XMLRecordStream: @unchecked Sendable {
    static let capacity = 1024

    private let condition = NSCondition()
    // Guarded by `condition`:
    private var buffer: [Result<Paper, RecordError>] = []
    private var finished = false, cancelled = false
    private var failure: Error?
    private var deleted: [String] = []
    private var compressedOffset: Int64 = 0

    private struct Cancelled: Error {}

    /// Starts reading `path`. `chunkSize` is how many bytes are read (and guarded) at a time.
    init(path: String, format: InputFormat, limits: ImportLimits, chunkSize: Int = 1 << 16) throws {
        let reader = try GzipReader(path: path)
        let thread = Thread { [self] in run(reader, path: path, format: format, limits: limits, chunkSize: chunkSize) }
        thread.name = "paperboy-xml"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Tombstones read so far (all of them once `next` has returned nil).
    var deletedIDs: [String] { condition.withLock { deleted } }

    /// Compressed bytes of the file read so far.
    var bytesRead: Int64 { condition.withLock { compressedOffset } }

    /// Up to `max` records, fewer only at the end; nil once the file is exhausted. Throws
    /// the error that ended the file (malformed XML, a corrupt gzip stream, a saved error
    /// response) once the records before it are consumed; the batch it cuts short is dropped,
    /// as a JSON Lines import drops the batch a corrupt line ends.
    func next(max: Int) throws -> [Result<Paper, RecordError>]? {
        condition.lock()
        defer { condition.unlock() }
        var out: [Result<Paper, RecordError>] = []
        while out.count < max {
            while buffer.isEmpty && !finished { condition.wait() }
            if buffer.isEmpty { break }
            let n = min(max - out.count, buffer.count)
            out += buffer[..<n]
            buffer.removeFirst(n)
            condition.broadcast()
        }
        if let failure { throw failure }
        return out.isEmpty ? nil : out
    }

    /// Stops the parse (the consumer is gone).
    func cancel() {
        condition.withLock {
            cancelled = true
            condition.broadcast()
        }
    }

    /// Streams the records of a document in any XML format to `record` (tombstones to `deleted`).
    static func parse(_ input: XMLInput, format: InputFormat, file: String, limits: ImportLimits, deleted: (String) -> Void,
                      record: (Result<Paper, RecordError>) throws -> Void) throws {
        switch format {
        case .arxivAtom: _ = try ArxivAtomParser.stream(input, file: file, limits: limits, record: record)
        case .oaiPMH: _ = try OAIPMHParser.stream(input, file: file, limits: limits, deleted: deleted, record: record)
        case .rss: _ = try ArxivRSSParser.stream(input, file: file, limits: limits, announceType: { _, _ in }, record: record)
        default: preconditionFailure("\(format) is not an XML format")
        }
    }

    private func run(_ reader: GzipReader, path: String, format: InputFormat, limits: ImportLimits, chunkSize: Int) {
        let input = XMLInput(next: { [self] in
            let chunk = try reader.read(max: chunkSize)
            let offset = reader.compressedOffset
            condition.withLock { compressedOffset = offset }
            return chunk
        }, whole: nil)
        var count = 0
        func put(_ record: Result<Paper, RecordError>) throws {
            count += 1
            let line = count
            let checked = record.flatMap { paper in
                Result { try limits.checked(paper) }.mapError { RecordError(file: path, line: line, reason: "\($0)") }
            }
            condition.lock()
            defer { condition.unlock() }
            while buffer.count >= Self.capacity && !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            buffer.append(checked)
            condition.broadcast()
        }
        var error: Error?
        do {
            try Self.parse(input, format: format, file: path, limits: limits,
                           deleted: { id in condition.withLock { deleted.append(id) } }, record: put)
        } catch is Cancelled {
        } catch let e as IngestError {
            error = e
        } catch let e {
            // A saved error response (OAI <error>, the API's or RSS's error feed): name the file.
            error = IngestError.malformedDocument(file: path, reason: "holds an error response: \(e)")
        }
        condition.withLock {
            failure = error
            finished = true
            compressedOffset = reader.compressedOffset
            condition.broadcast()
        }
    }
}
