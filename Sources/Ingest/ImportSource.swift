import Foundation
import PaperboyCore

/// Reads one file of any `InputFormat` as batches of papers or per-record errors. JSON Lines
/// and the XML formats are streamed: memory is bounded by the largest line or record, not the
/// file (`XMLRecordStream`). `.abs` and Hugging Face JSON are small and are parsed whole on
/// the first call.
public final class ImportSource {
    public let url: URL
    public let format: InputFormat
    /// The file's size in bytes (compressed size for gzip), for progress.
    public let totalBytes: Int64
    /// Records (lines for JSON Lines) consumed so far, malformed and blank ones included.
    /// A checkpoint saved with this number lets a re-run `skip(_:)` straight past them.
    public private(set) var position = 0
    /// Tombstones from OAI-PMH files: base ids that arXiv withdrew (complete once
    /// `nextBatch` has returned nil).
    public var deletedIDs: [String] { records?.deletedIDs ?? documentDeleted }

    public let limits: ImportLimits
    private var lines: LineReader?
    private var documentRecords: [Result<Paper, RecordError>]?
    private var documentDeleted: [String] = []
    /// XML files: parsed on a thread of their own as they are consumed.
    private var records: XMLRecordStream?

    private var name: String { url.path }

    /// Opens `url`, detecting its format unless given. Throws `IngestError.unrecognizedFormat`
    /// for a file no parser fits.
    public init(url: URL, format: InputFormat? = nil, limits: ImportLimits = .standard) throws {
        self.url = url
        self.limits = limits
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        totalBytes = (attributes?[.size] as? NSNumber)?.int64Value ?? 0
        if let format {
            self.format = format
        } else {
            guard let detected = try InputFormat.detect(fileAt: url) else {
                throw IngestError.unrecognizedFormat(file: url.path)
            }
            self.format = detected
        }
        if self.format == .kaggleJSONL { lines = try LineReader(path: url.path, maxLineBytes: limits.lineBytes) }
    }

    deinit { records?.cancel() }

    /// Bytes of the file consumed so far.
    public var bytesRead: Int64 {
        if let lines { return lines.compressedOffset }
        if let records { return records.bytesRead }
        return documentRecords == nil ? 0 : totalBytes
    }

    /// Passes over the first `count` records without parsing them (resuming an import).
    public func skip(_ count: Int) throws {
        if let lines {
            while position < count, try lines.nextLine({ _ in () }, overlong: { _ in () }) != nil { position += 1 }
        } else if let records = try xmlRecords() {
            while position < count, let some = try records.next(max: min(count - position, 1024)) { position += some.count }
        } else {
            try loadDocument()
            position = min(count, documentRecords?.count ?? 0)
        }
    }

    /// Up to `max` records; nil once the file is exhausted.
    public func nextBatch(max: Int) throws -> [Result<Paper, RecordError>]? {
        if let lines { return try nextLines(lines, max: max) }
        if let records = try xmlRecords() {
            let batch = try records.next(max: max)
            position += batch?.count ?? 0
            return batch
        }
        try loadDocument()
        let records = documentRecords ?? []
        guard position < records.count else { return nil }
        let end = min(records.count, position + max)
        defer { position = end }
        return Array(records[position..<end])
    }

    private func nextLines(_ reader: LineReader, max: Int) throws -> [Result<Paper, RecordError>]? {
        var batch: [Result<Paper, RecordError>] = []
        batch.reserveCapacity(max)
        var ended = false
        while batch.count < max {
            let result = try reader.nextLine({ line -> Result<Paper, RecordError>? in
                // Blank lines (a trailing newline, hand-edited files) are not records.
                guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return nil }
                return Result { try limits.checked(KaggleRecord.paper(fromLine: line)) }
                    .mapError { RecordError(file: name, line: reader.lineNumber, reason: "\($0)") }
            }, overlong: { length in
                .failure(RecordError(file: name, line: reader.lineNumber,
                                     reason: "line of \(length) bytes is longer than the \(limits.lineBytes) allowed (not read)"))
            })
            guard let result else { ended = true; break }
            position += 1
            if let record = result { batch.append(record) }
        }
        return batch.isEmpty && ended ? nil : batch
    }

    /// The XML record stream, started on first use; nil for the other formats.
    private func xmlRecords() throws -> XMLRecordStream? {
        guard [.arxivAtom, .oaiPMH, .rss].contains(format) else { return nil }
        if records == nil { records = try XMLRecordStream(path: name, format: format, limits: limits) }
        return records
    }

    private func loadDocument() throws {
        guard documentRecords == nil else { return }
        let data = try GzipFile.read(path: name, limit: limits.documentBytes + 1)
        guard data.count <= limits.documentBytes else {
            throw IngestError.malformedDocument(file: name, reason: "document too large: more than the \(limits.documentBytes) bytes allowed (ImportLimits.documentBytes)")
        }
        do {
            documentRecords = try Self.parseDocument(data, format: format, file: name, deleted: &documentDeleted).enumerated().map { i, record in
                record.flatMap { paper in
                    Result { try limits.checked(paper) }.mapError { RecordError(file: name, line: i + 1, reason: "\($0)") }
                }
            }
        } catch let error as IngestError {
            throw error
        } catch {
            // A saved error response (OAI <error>, the API's or RSS's error feed): name the file.
            throw IngestError.malformedDocument(file: name, reason: "holds an error response: \(error)")
        }
    }

    /// Parses a whole document into per-record results; throws for whole-file failures.
    static func parseDocument(_ data: Data, format: InputFormat, file: String, deleted: inout [String]) throws -> [Result<Paper, RecordError>] {
        func merge(_ papers: [Paper], _ problems: [RecordError]) -> [Result<Paper, RecordError>] {
            papers.map { .success($0) } + problems.map { .failure($0) }
        }
        switch format {
        case .kaggleJSONL:
            // Files are streamed (`nextLines`); this serves lines already in memory (the fuzzer).
            return data.split(separator: 0x0A).enumerated().map { i, line in
                Result { try [UInt8](line).withUnsafeBufferPointer { try KaggleRecord.paper(fromLine: $0) } }
                    .mapError { RecordError(file: file, line: i + 1, reason: "\($0)") }
            }
        case .arxivAtom:
            let (page, problems) = try ArxivAtomParser.parseRecords(data, file: file)
            return merge(page.papers, problems)
        case .oaiPMH:
            let (page, problems) = try OAIPMHParser.parseRecords(data, file: file)
            deleted += page.deleted
            return merge(page.records, problems)
        case .rss:
            let (listing, problems) = try ArxivRSSParser.parseRecords(data, file: file)
            return merge(listing.papers, problems)
        case .abs:
            return [Result { try AbsParser.paper(data) }.mapError { RecordError(file: file, line: 1, reason: "\($0)") }]
        case .hfDailyPapers, .hfPaper:
            let json: JSONValue
            do { json = try JSONParser.parse(data) } catch {
                throw IngestError.malformedDocument(file: file, reason: error.description)
            }
            if format == .hfDailyPapers { return try HuggingFaceParser.dailyPapers(json, file: file) }
            return [Result { try HuggingFaceParser.paper(json) }.mapError { RecordError(file: file, line: 1, reason: "\($0)") }]
        }
    }
}
