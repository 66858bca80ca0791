import Foundation
import PaperboyCore

/// Legacy arXiv `.abs` files: `\\`, header lines (`Key: value`, continuation lines indented),
/// `\\`, the abstract, `\\`.
enum AbsParser {
    static func paper(_ data: Data) throws -> Paper {
        // arXiv wrote most files in UTF-8 but some in Latin-1: every byte sequence is valid Latin-1.
        let text = String(data: data, encoding: .utf8) ?? String(String.UnicodeScalarView(data.map { Unicode.Scalar($0) }))
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        let separators = lines.indices.filter { lines[$0].trimmingWhitespace() == "\\\\" }
        guard !data.isEmpty else { throw RecordProblem("empty file") }
        guard separators.count >= 2 else { throw RecordProblem("not an .abs record (no \\\\ separators)") }
        let header = lines[(separators[0] + 1)..<separators[1]]
        let abstractEnd = separators.count > 2 ? separators[2] : lines.endIndex
        let abstract = lines[(separators[1] + 1)..<abstractEnd].joined(separator: "\n")

        var fields: [(key: String, value: String)] = []
        for line in header {
            if line.first == " " || line.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + line.trimmingWhitespace()
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingWhitespace()))
            }
        }
        func field(_ key: String) -> String? { fields.first { $0.key == key }?.value }

        guard let rawID = field("arXiv") ?? field("Paper") else { throw RecordProblem("missing arXiv: line") }
        guard let id = ArxivID(rawID) else { throw RecordProblem("not an arXiv id: \"\(rawID)\"") }
        guard let title = field("Title") else { throw RecordProblem("\(rawID): missing Title:") }
        // `Date:` is v1, `Date (revised vN):` the later ones; each ends with "(size)".
        let dates = fields.filter { $0.key == "Date" || $0.key.hasPrefix("Date (revised") }.map { f in
            Timestamps.rfc822(f.value.split(separator: "(").first.map { $0.trimmingWhitespace() } ?? f.value)
        }
        let revisions = fields.compactMap { f -> Int? in
            guard f.key.hasPrefix("Date (revised v") else { return nil }
            return Int(f.key.dropFirst("Date (revised v".count).prefix { $0.isNumber })
        }
        let submitter = field("From").map { from in
            from.split(separator: "<").first.map { $0.trimmingWhitespace() } ?? from
        }
        return Paper(id: id.base, version: revisions.max() ?? 1, title: title, abstract: abstract,
                     authors: AuthorList.parse(field("Authors") ?? ""),
                     categories: (field("Categories") ?? "").split(separator: " ").map(String.init),
                     published: dates.first ?? nil, updated: dates.last ?? nil,
                     comments: field("Comments"), journalRef: field("Journal-ref"), doi: field("DOI"),
                     license: field("License"), reportNo: field("Report-no"), submitter: submitter)
    }
}
