import Foundation

/// The file formats `paperboy import` reads.
public enum InputFormat: String, Sendable, CaseIterable {
    /// Kaggle `arxiv-metadata-oai-snapshot` JSON Lines, plain or gzip.
    case kaggleJSONL
    /// arXiv export API Atom feed.
    case arxivAtom
    /// OAI-PMH `ListRecords`/`GetRecord` (`arXiv`, `arXivRaw`, `oai_dc`).
    case oaiPMH
    /// rss.arxiv.org RSS 2.0 listing.
    case rss
    /// Legacy `.abs` metadata file.
    case abs
    /// Hugging Face `/api/daily_papers` JSON array.
    case hfDailyPapers
    /// Hugging Face `/api/papers/{id}` JSON object.
    case hfPaper

    /// Guesses the format from the file's first bytes (a few KB; gzip is only ever JSON Lines)
    /// and, where the bytes are ambiguous, its name. Nil when nothing fits.
    public static func detect(path: String, prefix: Data) -> InputFormat? {
        let bytes = [UInt8](prefix)
        if bytes.starts(with: [0x1F, 0x8B]) { return .kaggleJSONL }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let body = text.drop { $0.isWhitespace }
        switch body.first {
        case "[": return .hfDailyPapers
        case "{": return jsonObjectFormat(body, path: path)
        case "<": return xmlFormat(body)
        default:
            if path.hasSuffix(".abs") || (body.hasPrefix("---") || body.hasPrefix("\\\\")) && body.contains("\narXiv:") {
                return .abs
            }
            return nil
        }
    }

    /// Detects the format of a file from its first 8 KB, looking inside gzip compression.
    public static func detect(fileAt url: URL) throws -> InputFormat? {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw IngestError.unreadable(file: url.path, reason: "no such file or not readable")
        }
        var prefix = (try? handle.read(upToCount: 8192)) ?? Data()
        try? handle.close()
        if GzipFile.isGzip(prefix) { prefix = try GzipFile.read(path: url.path, limit: 8192) }
        return detect(path: url.path, prefix: prefix)
    }

    /// A Kaggle line and a Hugging Face paper object both start with `{"id":`: tell them by
    /// whichever format's own keys appear first.
    private static func jsonObjectFormat(_ body: Substring, path: String) -> InputFormat? {
        if path.hasSuffix(".jsonl") || path.hasSuffix(".jsonl.gz") { return .kaggleJSONL }
        func firstOffset(_ keys: [String]) -> String.Index? {
            keys.compactMap { body.range(of: "\"\($0)\"")?.lowerBound }.min()
        }
        let kaggle = firstOffset(["authors_parsed", "versions", "update_date", "categories", "journal-ref", "abstract"])
        let hub = firstOffset(["upvotes", "submittedOnDailyAt", "discussionId", "summary"])
        switch (kaggle, hub) {
        case let (k?, h?): return k < h ? .kaggleJSONL : .hfPaper
        case (_?, nil): return .kaggleJSONL
        case (nil, _?): return .hfPaper
        default: return nil
        }
    }

    private static func xmlFormat(_ body: Substring) -> InputFormat? {
        let candidates: [(String, InputFormat)] = [("<feed", .arxivAtom), ("<OAI-PMH", .oaiPMH), ("<rss", .rss)]
        return candidates.compactMap { tag, format in body.range(of: tag).map { ($0.lowerBound, format) } }
            .min { $0.0 < $1.0 }?.1
    }
}
