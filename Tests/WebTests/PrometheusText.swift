import Foundation

/// A strict reader of the Prometheus text exposition format, as far as `/metrics` uses it:
/// every sample line is `name{label="value",…} value`, every family is declared by `# TYPE`
/// before its samples (a histogram's `_bucket`, `_sum` and `_count` by its base name), and no
/// series appears twice. Anything else throws, naming the line.
struct PrometheusText {
    struct Sample { var name: String; var labels: [String: String]; var value: Double }
    struct Malformed: Error, CustomStringConvertible { var description: String }

    private(set) var types: [String: String] = [:]
    private(set) var samples: [Sample] = []

    init(_ text: String) throws {
        guard text.isEmpty || text.hasSuffix("\n") else { throw Malformed(description: "no newline at the end") }
        var seen = Set<String>()
        for line in text.split(separator: "\n") {
            if line.hasPrefix("#") {
                let words = line.split(separator: " ")
                if words.count > 1, words[1] == "TYPE" {
                    guard words.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(words[3]),
                          types[String(words[2])] == nil else { throw Malformed(description: "bad or repeated TYPE: \(line)") }
                    types[String(words[2])] = String(words[3])
                }
                continue
            }
            var rest = Substring(line)
            let sample = try Self.sample(&rest, line: line)
            guard family(of: sample.name) != nil else { throw Malformed(description: "no TYPE before \(line)") }
            guard seen.insert(sample.name + "\(sample.labels.sorted { $0.key < $1.key })").inserted else {
                throw Malformed(description: "series repeated: \(line)")
            }
            samples.append(sample)
        }
    }

    /// The declared type of the family `name` belongs to.
    func family(of name: String) -> String? {
        if let type = types[name] { return type }
        for suffix in ["_bucket", "_sum", "_count"] where name.hasSuffix(suffix) {
            if let type = types[String(name.dropLast(suffix.count))], type == "histogram" || type == "summary" { return type }
        }
        return nil
    }

    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    func series(_ name: String, where match: [String: String]) -> [Sample] {
        samples.filter { s in s.name == name && match.allSatisfy { s.labels[$0.key] == $0.value } }
    }

    private static func sample(_ rest: inout Substring, line: Substring) throws -> Sample {
        func fail() -> Malformed { Malformed(description: "not `name{labels} value`: \(line)") }
        let name = take(&rest) { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }
        guard let first = name.first, !first.isNumber, name.allSatisfy(\.isASCII) else { throw fail() }
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest.removeFirst()
            while rest.first != "}" {
                let key = take(&rest) { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
                guard !key.isEmpty, rest.hasPrefix("=\""), labels[key] == nil else { throw fail() }
                rest.removeFirst(2)
                var value = ""
                while let c = rest.popFirst(), c != "\"" {
                    guard c == "\\" else { value.append(c); continue }
                    switch rest.popFirst() {
                    case "\\": value.append("\\")
                    case "\"": value.append("\"")
                    case "n": value.append("\n")
                    default: throw fail()
                    }
                }
                labels[key] = value
                if rest.first == "," { rest.removeFirst() } else if rest.first != "}" { throw fail() }
            }
            rest.removeFirst()
        }
        guard rest.popFirst() == " ", let value = Double(rest.replacingOccurrences(of: "Inf", with: "inf")) else { throw fail() }
        return Sample(name: name, labels: labels, value: value)
    }

    private static func take(_ s: inout Substring, while ok: (Character) -> Bool) -> String {
        let head = s.prefix(while: ok)
        s.removeFirst(head.count)
        return String(head)
    }
}
