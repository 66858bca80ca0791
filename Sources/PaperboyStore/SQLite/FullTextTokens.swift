import Foundation
import GRDB

/// The full-text tokens of a batch of papers, made before the batch's write with SQLite's own
/// tokenizer, so that the writer (an import's bottleneck: SQLite has one) only adds them to
/// the index. Tokenizing had been a fifth of the writer's time.
///
/// Each column keeps the text it was made from. `ReplayingPorter` replays a column's tokens
/// only to a text that is byte for byte that one and tokenizes anything else itself, so the
/// index comes out the same whether a replay happens or not.
///
/// Unchecked `Sendable`: made by the importer, then handed to the writer, which alone uses it.
final class FullTextTokens: @unchecked Sendable {
    /// The indexed columns of a paper, in the order FTS5 tokenizes them (`paperFTS`'s order).
    static func columns(of record: PaperRecord) -> [String] { [record.title, record.abstract, record.authorNames] }
    static let columnsPerPaper = 3

    private struct Token {
        /// Where the token's bytes end in `bytes` (they start where the previous token's end).
        var end: Int
        var flags: CInt, start: CInt, stop: CInt
    }
    /// What the tokenizer's callback appends to (through a pointer: no reference counting
    /// per token).
    private struct Tokens {
        var bytes: [UInt8] = []
        var list: [Token] = []
    }
    // Per column: its text in `text` and its tokens in `tokens`, as end offsets.
    private var text: [UInt8] = []
    private var textEnds: [Int] = [0]
    private var tokens = Tokens()
    private var tokenEnds: [Int] = [0]
    // The columns the statement being run will index, and how many it has asked for.
    private var expected: [Int] = []
    private var cursor = 0

    /// Tokenizes the indexed columns of every record whose id is not in `stored` with
    /// `tokenizer`, an instance of the index's own. The others get empty columns, which no
    /// text but an empty one matches.
    init(_ records: [PaperRecord], except stored: Set<String> = [], tokenizer: any FTS5Tokenizer) throws {
        let columns = records.map { stored.contains($0.id) ? Array(repeating: "", count: Self.columnsPerPaper) : Self.columns(of: $0) }
        let size = columns.reduce(0) { total, texts in texts.reduce(total) { $0 + $1.utf8.count } }
        text.reserveCapacity(size)
        tokens.bytes.reserveCapacity(size)
        tokens.list.reserveCapacity(size / 6)
        for texts in columns {
            for var column in texts {
                try column.withUTF8 { bytes in
                    text.append(contentsOf: bytes)
                    textEnds.append(text.count)
                    if let base = bytes.baseAddress { try tokenize(base, bytes.count, tokenizer) }
                    tokenEnds.append(tokens.list.count)
                }
            }
        }
    }

    private func tokenize(_ text: UnsafePointer<UInt8>, _ count: Int, _ tokenizer: any FTS5Tokenizer) throws {
        let code = withUnsafeMutablePointer(to: &tokens) { sink in
            tokenizer.tokenize(context: sink, tokenization: .document, pText: UnsafeRawPointer(text).assumingMemoryBound(to: CChar.self),
                               nText: CInt(count)) { sink, flags, token, length, start, stop in
                guard let sink, let token else { return 0 }
                let tokens = sink.assumingMemoryBound(to: Tokens.self)
                tokens.pointee.bytes.append(contentsOf: UnsafeRawBufferPointer(start: token, count: Int(length)))
                tokens.pointee.list.append(Token(end: tokens.pointee.bytes.count, flags: flags, start: start, stop: stop))
                return 0
            }
        }
        if code != 0 { throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "tokenizer failed") }
    }
    /// Runs `body` (one statement adding papers to the index) with these tokens on offer to
    /// `ReplayingPorter` on this thread. `papers` are the records, by position, that the
    /// statement indexes, in the order it does.
    func offered<T>(toIndex papers: [Int], _ body: () throws -> T) rethrows -> T {
        expected = papers.flatMap { p in (0..<Self.columnsPerPaper).map { p * Self.columnsPerPaper + $0 } }
        cursor = 0
        pthread_setspecific(Self.threadKey, Unmanaged.passUnretained(self).toOpaque())
        defer { pthread_setspecific(Self.threadKey, nil); expected = [] }
        return try body()
    }

    /// The tokens on offer on this thread, if any.
    static var offered: FullTextTokens? {
        pthread_getspecific(threadKey).map { Unmanaged<FullTextTokens>.fromOpaque($0).takeUnretainedValue() }
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-specific key left")
        return key
    }()

    /// Hands the tokens of the next expected column to `callback` when `text` is that column's
    /// text, and returns the callback's last result; nil (nothing handed) otherwise.
    func replay(_ text: UnsafeRawBufferPointer, context: UnsafeMutableRawPointer?,
                callback: FTS5TokenCallback) -> CInt? {
        guard cursor < expected.count else { return nil }
        let column = expected[cursor]
        cursor += 1
        guard column + 1 < textEnds.count else { return nil }
        let expectedText = textEnds[column]..<textEnds[column + 1]
        guard expectedText.count == text.count else { return nil }
        if let start = text.baseAddress {
            let same = self.text.withUnsafeBytes { memcmp($0.baseAddress! + expectedText.lowerBound, start, text.count) == 0 }
            guard same else { return nil }
        }
        let columnTokens = tokenEnds[column]..<tokenEnds[column + 1]
        guard !columnTokens.isEmpty else { return 0 }
        let list = tokens.list
        return tokens.bytes.withUnsafeBytes { bytes -> CInt in
            let base = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            for i in columnTokens {
                let token = list[i], start = i == 0 ? 0 : list[i - 1].end
                let code = callback(context, token.flags, base + start, CInt(token.end - start), token.start, token.stop)
                if code != 0 { return code }
            }
            return 0
        }
    }
}
