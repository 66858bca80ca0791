import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A small element tree built with `XMLParser` (SAX). Element names are local names
/// (`arxiv:primary_category` → `primary_category`): arXiv never reuses a local name with a
/// different meaning inside one format. Documents are streamed (`XMLDocumentParse.records`):
/// each record element is a tree of its own, handed on as soon as it closes and then dropped,
/// so memory is bounded by the largest record, not by the document.
final class XNode {
    let name: String
    let attributes: [String: String]
    fileprivate(set) var children: [XNode] = []
    fileprivate var textParts: [String] = []

    init(name: String, attributes: [String: String]) { self.name = name; self.attributes = attributes }

    /// The element's own character data (not its children's).
    var text: String { textParts.joined() }
    var trimmedText: String { text.trimmingWhitespace() }

    func child(_ name: String) -> XNode? { children.first { $0.name == name } }
    func children(_ name: String) -> [XNode] { children.filter { $0.name == name } }
    /// Trimmed text of the first child called `name`, nil when absent or empty.
    func string(_ name: String) -> String? {
        guard let t = child(name)?.trimmedText, !t.isEmpty else { return nil }
        return t
    }
}

struct XMLSyntaxError: Error {
    let line: Int, column: Int, reason: String
}

/// Where a format keeps its records: `record` elements under the root, or under the first
/// child of the root named one of `containers`.
struct XMLRecordLayout: Sendable {
    let root: String
    let containers: Set<String>
    let record: String
    /// Depth of the record elements (the root is 0). Outside records, elements down to this
    /// depth are kept with their text (the envelope: counters, tokens, dates); deeper ones are
    /// read past.
    var depth: Int { containers.isEmpty ? 1 : 2 }

    static let atom = XMLRecordLayout(root: "feed", containers: [], record: "entry")
    static let oaiPMH = XMLRecordLayout(root: "OAI-PMH", containers: ["ListRecords", "GetRecord"], record: "record")
    static let rss = XMLRecordLayout(root: "rss", containers: ["channel"], record: "item")
}

/// A document's bytes: whole in memory (an HTTP response, a fuzz input), or read in chunks
/// from a file (`next` returns nil at the end).
struct XMLInput {
    let next: () throws -> Data?
    /// The whole document when it is in memory: it is checked for invalid UTF-8 first and
    /// parsed in one piece, exactly as before files were streamed. (libxml2 recovers from some
    /// errors when it gets the whole document at once that it reports when fed in pieces.)
    let whole: Data?

    static func data(_ data: Data) -> XMLInput { XMLInput(next: { nil }, whole: data) }

    /// `data` streamed in chunks of `size` bytes, as a file is.
    static func chunks(of data: Data, size: Int) -> XMLInput {
        var start = data.startIndex
        return XMLInput(next: {
            guard start < data.endIndex else { return nil }
            let end = min(data.endIndex, start + size)
            defer { start = end }
            return Data(data[start..<end])
        }, whole: nil)
    }
}

enum XMLDocumentParse {
    /// Streams the document and calls `record` with each record element (or the reason it
    /// was not read: too large) and its 1-based number, as soon as it closes, with the
    /// record's container as read so far. Returns the root holding everything outside the
    /// records. Throws `IngestError.malformedXML` naming line and column, and whatever
    /// `record` throws (which stops the parse).
    static func records(_ input: XMLInput, file: String, layout: XMLRecordLayout, limits: ImportLimits,
                        record: (Result<XNode, RecordError>, Int, XNode) throws -> Void) throws -> XNode {
        let root = try parse(input, file: file, layout: layout, recordBytes: limits.recordBytes, record: record)
        guard root.name == layout.root else {
            throw IngestError.malformedDocument(file: file, reason: "expected a <\(layout.root)> document, found <\(root.name)>")
        }
        return root
    }

    /// The whole document as one tree.
    static func root(_ data: Data, file: String, expecting: String) throws -> XNode {
        let root = try parse(.data(data), file: file, layout: nil, recordBytes: .max) { _, _, _ in }
        guard root.name == expecting else {
            throw IngestError.malformedDocument(file: file, reason: "expected a <\(expecting)> document, found <\(root.name)>")
        }
        return root
    }

    private static func parse(_ input: XMLInput, file: String, layout: XMLRecordLayout?, recordBytes: Int,
                              record: (Result<XNode, RecordError>, Int, XNode) throws -> Void) throws -> XNode {
        func malformed(_ e: XMLSyntaxError) -> IngestError {
            .malformedXML(file: file, line: e.line, column: e.column, reason: e.reason)
        }
        if let whole = input.whole, let bad = XMLEntityGuard.firstInvalidByte(whole) {
            var validator = UTF8Validator()
            _ = [UInt8](whole.prefix(bad)).withUnsafeBufferPointer { validator.validate($0, final: false) }
            throw malformed(GuardedXMLStream.invalidByte(at: bad, validator))
        }
        let stream = input.whole == nil ? GuardedXMLStream(input.next) : nil
        let parser = stream.map { XMLParser(stream: $0) } ?? XMLParser(data: XMLEntityGuard.neutralize(input.whole!))
        let (ok, failure, root, unclosed) = withoutActuallyEscaping(record) { record in
            let builder = Builder(layout: layout, recordBytes: recordBytes, file: file, record: record)
            builder.parser = parser
            parser.delegate = builder
            parser.shouldProcessNamespaces = false
            parser.shouldResolveExternalEntities = false
            let ok = parser.parse()
            parser.delegate = nil
            builder.record = { _, _, _ in }   // `record` must not outlive this call
            return (ok, builder.failure, builder.root, !builder.stack.isEmpty)
        }
        if let failure { throw failure }
        if let failure = stream?.failure { throw (failure as? XMLSyntaxError).map(malformed) ?? failure }
        guard ok, let root, !unclosed else {
            let reason = parser.parserError.map { XMLTree.describe($0) } ?? (root == nil ? "no root element" : "unexpected end of document")
            throw malformed(XMLSyntaxError(line: parser.lineNumber, column: parser.columnNumber, reason: reason))
        }
        return root
    }

    /// Builds the envelope and one record at a time from the parser's events.
    private final class Builder: NSObject, XMLParserDelegate {
        let layout: XMLRecordLayout?
        let recordBytes: Int
        let file: String
        var record: (Result<XNode, RecordError>, Int, XNode) throws -> Void
        weak var parser: XMLParser?
        var root: XNode?
        /// Open elements; nil for one that is read past (too deep in the envelope, or in a
        /// record over the limit).
        var stack: [XNode?] = []
        var failure: Error?
        /// The element records are read from, once it has started.
        private var container: XNode?
        /// The open record: its depth, number, size so far (text, names, attribute values,
        /// 32 bytes an element) and whether it is over `recordBytes`.
        private var recordDepth: Int?
        private var recordNumber = 0, recordSize = 0, oversized = false
        /// Text kept outside records, bounded by `recordBytes` too.
        private var envelopeSize = 0

        init(layout: XMLRecordLayout?, recordBytes: Int, file: String, record: @escaping (Result<XNode, RecordError>, Int, XNode) throws -> Void) {
            self.layout = layout; self.recordBytes = recordBytes; self.file = file; self.record = record
        }

        private func fail(_ error: Error) {
            if failure == nil { failure = error }
            parser?.abortParsing()
        }

        /// Counts `bytes` against the open record or the envelope.
        private func charge(_ bytes: Int) {
            if recordDepth != nil {
                recordSize += bytes
                if recordSize > recordBytes && !oversized {
                    oversized = true
                    stack[recordDepth!]?.children = []   // let the partial record go at once
                    stack[recordDepth!]?.textParts = []
                }
            } else if layout != nil {
                envelopeSize += bytes
                if envelopeSize > recordBytes {
                    fail(IngestError.malformedDocument(file: file, reason: "more than \(recordBytes) bytes of text outside the <\(layout!.record)> records (ImportLimits.recordBytes)"))
                }
            }
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
            let depth = stack.count
            func node() -> XNode {
                charge(32 + local.utf8.count + attributeDict.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count })
                return XNode(name: local, attributes: attributeDict)
            }
            guard depth > 0 else {
                let n = XNode(name: local, attributes: attributeDict)
                if root == nil { root = n }
                if let layout, layout.containers.isEmpty, local == layout.root { container = n }
                stack.append(n)
                return
            }
            let parent = stack[depth - 1]
            guard let layout else {
                let n = node()
                parent?.children.append(n)
                stack.append(n)
                return
            }
            if recordDepth != nil {
                let n = node()
                if oversized || parent == nil { stack.append(nil) } else { parent!.children.append(n); stack.append(n) }
            } else if let parent, parent === container, local == layout.record {
                recordDepth = depth; recordNumber += 1; recordSize = 0; oversized = false
                stack.append(node())
            } else if let parent, depth <= layout.depth {
                let n = node()
                parent.children.append(n)
                if depth == 1, container == nil, layout.containers.contains(local), root?.name == layout.root { container = n }
                stack.append(n)
            } else {
                stack.append(nil)
            }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            let node = stack.popLast() ?? nil
            guard let depth = recordDepth, depth == stack.count, let container else { return }
            recordDepth = nil
            let result: Result<XNode, RecordError>
            if oversized || node == nil {
                result = .failure(RecordError(file: file, line: recordNumber, reason: "\(layout!.record) \(recordNumber): \(recordSize) bytes, more than the \(recordBytes) allowed (ImportLimits.recordBytes); not read"))
            } else {
                result = .success(node!)
            }
            do { try record(result, recordNumber, container) } catch { fail(error) }
        }

        private func text(_ string: String) {
            guard let last = stack.last else { return }
            if recordDepth != nil {
                charge(string.utf8.count)
                if !oversized { last?.textParts.append(string) }
            } else if let last {
                charge(string.utf8.count)
                last.textParts.append(string)
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text(string) }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) { text(String(decoding: CDATABlock, as: UTF8.self)) }
    }
}

enum XMLTree {
    static func describe(_ error: Error) -> String {
        let ns = error as NSError
        if let desc = ns.userInfo[NSLocalizedDescriptionKey] as? String, !desc.isEmpty, !desc.hasPrefix("The operation") { return desc }
        return describe(code: ns.code)
    }

    static func describe(code: Int) -> String {
        // Linux's XMLParser reports libxml2's error numbers (the same as Apple's NSXMLParserError
        // values) without text; name the ones bad downloads produce.
        // `XMLEntityGuard` keeps entities away from libxml2, so 26 and 89 mean it missed one.
        let names = [1: "document too large for the XML parser (a text node over 10 MB?)", 4: "empty document",
                     5: "unexpected end of document (truncated or unclosed elements)", 9: "invalid character",
                     26: "reference to an undeclared entity or a parameter entity (refused)",
                     73: "'>' expected", 76: "mismatched closing tag", 77: "unfinished tag (truncated?)",
                     89: "entity expansion refused (entities nest or loop, as in a billion-laughs attack)"]
        return names[code].map { "\($0) (libxml2 error \(code))" } ?? "libxml2 error \(code)"
    }
}

/// The document as `XMLParser` reads it: chunks from `next`, checked for UTF-8 and passed
/// through `XMLEntityGuard.Stream` on the way, so no byte reaches libxml2 unguarded and only a
/// chunk (and the guard's few carried bytes) is held at a time.
///
/// `XMLParser(stream:)` on Linux reads its stream in 4 KB pieces and feeds each to libxml2's
/// push parser, the same parser `XMLParser(data:)` feeds the whole document to at once: the
/// events, errors and positions are the same, only the memory differs.
final class GuardedXMLStream: InputStream {
    private let nextChunk: () throws -> Data?
    private var validator = UTF8Validator()
    private var entityGuard = XMLEntityGuard.Stream()
    /// An incomplete UTF-8 sequence at the end of the last chunk.
    private var carry: [UInt8] = []
    private var out: [UInt8] = []
    private var outStart = 0
    private var ended = false
    /// Invalid UTF-8 (`XMLSyntaxError`), or the reader's error (a corrupt gzip file).
    private(set) var failure: Error?

    init(_ next: @escaping () throws -> Data?) {
        nextChunk = next
        super.init(data: Data())
    }

    static func invalidByte(at offset: Int, _ validator: UTF8Validator) -> XMLSyntaxError {
        let (line, column) = validator.position(of: offset)
        return XMLSyntaxError(line: line, column: column, reason: "byte \(offset + 1) is not UTF-8 text (or is NUL); arXiv documents are UTF-8")
    }

    override func open() {}
    override func close() {}
    override var streamStatus: Stream.Status { failure != nil ? .error : ended && outStart == out.count ? .atEnd : .open }
    override var streamError: Error? { failure }
    override var hasBytesAvailable: Bool { failure == nil && !(ended && outStart == out.count) }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        while outStart == out.count {
            if failure != nil { return -1 }
            if ended { return 0 }
            out.removeAll(keepingCapacity: true)
            outStart = 0
            do { try refill() } catch { failure = error; return -1 }
        }
        let n = min(len, out.count - outStart)
        out.withUnsafeBufferPointer { buffer.update(from: $0.baseAddress! + outStart, count: n) }
        outStart += n
        return n
    }

    private func refill() throws {
        let chunk = try nextChunk()
        let final = chunk == nil
        var bytes = carry
        if let chunk { bytes.append(contentsOf: chunk) }
        try bytes.withUnsafeBufferPointer { b in
            let (valid, invalid) = validator.validate(b, final: final)
            if let invalid { throw Self.invalidByte(at: invalid, validator) }
            entityGuard.feed(UnsafeBufferPointer(rebasing: b[..<valid]), final: final, into: &out)
            carry = Array(b[valid...])
        }
        if final { ended = true }
    }
}
