/// One record that could not be turned into a paper: where it is and why.
/// `line` is the line number for line-based files and the record's position for documents.
public struct RecordError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var reason: String
    public init(file: String, line: Int, reason: String) { self.file = file; self.line = line; self.reason = reason }
    public var description: String { "\(file):\(line): \(reason)" }
}

/// Why a record cannot become a paper (without knowing which file it came from).
struct RecordProblem: Error, CustomStringConvertible {
    let reason: String
    init(_ reason: String) { self.reason = reason }
    var description: String { reason }
}

/// Whole-file failures: the file cannot be read as any record at all from some point on.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The gzip stream ends early or is corrupt after `line` lines (0 for whole documents).
    case corruptGzip(file: String, line: Int, reason: String)
    /// XML that is not well-formed (`line`, `column` from the parser).
    case malformedXML(file: String, line: Int, column: Int, reason: String)
    /// A file none of the parsers recognise.
    case unrecognizedFormat(file: String)
    /// A document whose shape is right for no record at all (e.g. JSON that is not an array).
    case malformedDocument(file: String, reason: String)
    case unreadable(file: String, reason: String)

    public var description: String {
        switch self {
        case let .corruptGzip(file, line, reason):
            return "\(file): gzip data is truncated or corrupt" + (line > 0 ? " after line \(line)" : "") + " (\(reason))"
        case let .malformedXML(file, line, column, reason): return "\(file):\(line):\(column): malformed XML: \(reason)"
        case let .unrecognizedFormat(file):
            return "\(file): not a recognised format (expected Kaggle JSON Lines, arXiv Atom, OAI-PMH, RSS, .abs or Hugging Face JSON)"
        case let .malformedDocument(file, reason): return "\(file): \(reason)"
        case let .unreadable(file, reason): return "\(file): cannot read: \(reason)"
        }
    }
}

/// An OAI-PMH `<error code="…">` response other than `noRecordsMatch`.
public struct OAIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `badResumptionToken`, `idDoesNotExist`, `badArgument`, `badVerb`, `cannotDisseminateFormat`, …
    public var code: String
    public var message: String
    public init(code: String, message: String) { self.code = code; self.message = message }
    public var description: String { "OAI-PMH error \(code): \(message)" }
}

/// The export API's error feed (HTTP 400 with one `<entry>` titled `Error`).
public struct ArxivAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "arXiv API error: \(message)" }
}

/// The RSS service's error channel (`Feed error for query: …`), e.g. for an unknown archive.
public struct ArxivFeedError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "arXiv RSS feed error: \(message)" }
}
