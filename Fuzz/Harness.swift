import Foundation
import PaperboyCore

// libFuzzer entry point for every Paperboy fuzz target, compiled into the Ingest module (so it
// reaches its internal parsers) by scripts/fuzz.sh. The target is chosen by
// PAPERBOY_FUZZ_TARGET; one binary serves all, so the sanitised build is done once.
//
// A target passes when it returns: any trap (force unwrap, precondition, index out of range,
// overflow) or AddressSanitizer report is a crash, which libFuzzer saves and scripts/fuzz.sh
// reports. The checks below add the properties a parser must keep beyond not crashing.

private let target = ProcessInfo.processInfo.environment["PAPERBOY_FUZZ_TARGET"] ?? "query"

@_cdecl("LLVMFuzzerTestOneInput")
public func paperboyFuzzOne(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    switch target {
    case "query": FuzzTargets.query(data)
    case "dates": FuzzTargets.dates(data)
    case "kaggle": FuzzTargets.kaggle(data)
    case "atom": FuzzTargets.document(data, .arxivAtom)
    case "oai": FuzzTargets.document(data, .oaiPMH)
    case "rss": FuzzTargets.document(data, .rss)
    case "abs": FuzzTargets.document(data, .abs)
    case "hf": FuzzTargets.document(data, .hfDailyPapers)
    case "detect": FuzzTargets.detect(data)
    default: fatalError("unknown PAPERBOY_FUZZ_TARGET \(target)")  // the fuzzer's own setup, not input
    }
    return 0
}

enum FuzzTargets {
    static func query(_ data: Data) {
        let q = KeywordQuery(parsing: String(decoding: data, as: UTF8.self))
        // An id typed as a query still parses as the same id.
        if let id = q.arxivID { check(ArxivID(id.description) != nil, "query id \(id) does not parse back") }
    }

    /// Day, ISO week and month parsers: whatever they accept prints back to itself, and the
    /// ranges the listing page builds from it (week and month tabs) exist.
    static func dates(_ data: Data) {
        let s = String(decoding: data, as: UTF8.self)
        if let d = Day(s) {
            check(Day(d.description) == d, "day \(s) does not print back")
            _ = (DayRange.week(containing: d), DayRange.month(containing: d))
        }
        for r in [DayRange.week(s), DayRange.month(s)].compactMap({ $0 }) {
            for d in [r.first, r.last] {
                check(DayRange.month(containing: d).contains(d) && DayRange.week(containing: d).contains(d), "\(s): tabs miss \(d)")
            }
            check((r.kind == .week ? DayRange.week(r.description) : DayRange.month(r.description)) == r, "\(s) prints as \(r)")
        }
        _ = ArxivID(s).map { ArxivID($0.description) }
        _ = CategoryFilter(include: s, exclude: nil)
    }

    static func kaggle(_ data: Data) {
        for line in data.split(separator: 0x0A) {
            let paper = try? [UInt8](line).withUnsafeBufferPointer { try KaggleRecord.paper(fromLine: $0) }
            if let paper { checkPaper(paper) }
        }
    }

    static func document(_ data: Data, _ format: InputFormat) {
        var deleted: [String] = []
        let records = try? ImportSource.parseDocument(data, format: format, file: "fuzz", deleted: &deleted)
        for case .success(let paper) in records ?? [] { checkPaper(paper) }
        guard [.arxivAtom, .oaiPMH, .rss].contains(format) else { return }
        // Streamed in small chunks (as a file import reads), a document gives the same papers,
        // or fails where the whole-document parse recovered: never other papers.
        var streamed: [Paper] = []
        let ok = (try? XMLRecordStream.parse(.chunks(of: data, size: 7), format: format, file: "fuzz", limits: .standard,
                                             deleted: { _ in }, record: { if case .success(let p) = $0 { streamed.append(p) } })) != nil
        if ok {
            let whole = (records ?? []).compactMap { try? $0.get() }
            check(records != nil && Set(whole.map(\.id)) == Set(streamed.map(\.id)), "streamed papers differ from the document's")
        }
    }

    static func detect(_ data: Data) {
        _ = InputFormat.detect(path: "fuzz", prefix: data)
    }

    /// What the store relies on: an id that parses, and text a limit check can measure.
    static func checkPaper(_ paper: Paper) {
        check(ArxivID(paper.id) != nil, "paper id \(paper.id) is not an arXiv id")
        _ = ImportLimits.standard.problem(paper)
        _ = paper.removingNULs()
        _ = paper.feedDay.map { DayRange.month(containing: $0) }
    }

    static func check(_ ok: Bool, _ message: @autoclosure () -> String) {
        if !ok { fatalError("property violated: \(message())") }  // only the fuzzer runs this
    }
}
