import Foundation

/// A parsed JSON value. Paperboy has its own small parser because Foundation's decoders run at
/// a few thousand arXiv records a second on Linux; this one does well over a hundred thousand.
/// Ingest reads records with it, the store its JSON columns.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    /// Members in document order. A linear scan over a record's dozen keys is faster than
    /// hashing them into a dictionary; with duplicate keys the first wins.
    case object([(key: String, value: JSONValue)])

    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var string: String? { if case .string(let s) = self { return s } else { return nil } }
    public var array: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var int: Int? {
        if case .number(let n) = self, n.isFinite, n.rounded() == n, abs(n) < 1e15 { return Int(n) }
        return nil
    }
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    /// "a number", "an array", …: for errors that say what was found instead.
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// Where and why JSON text could not be parsed; `offset` counts bytes from the start.
public struct JSONSyntaxError: Error, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "invalid JSON at byte \(offset + 1): \(reason)" }
}

/// A recursive-descent JSON parser over UTF-8 bytes (RFC 8259; depth-limited against hostile input).
public struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    private static let maxDepth = 200

    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        var p = JSONParser(bytes: bytes)
        p.skipSpace()
        let v = try p.value()
        p.skipSpace()
        guard p.i == bytes.count else { throw p.error("unexpected text after the value") }
        return v
    }

    public static func parse(_ bytes: some Sequence<UInt8>) throws(JSONSyntaxError) -> JSONValue {
        let array = Array(bytes)
        return try array.withUnsafeBufferPointer { (b) throws(JSONSyntaxError) -> JSONValue in try parse(b) }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func error(_ reason: String) -> JSONSyntaxError { JSONSyntaxError(offset: i, reason: reason) }

    private mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    private mutating func value() throws(JSONSyntaxError) -> JSONValue {
        guard i < bytes.count else { throw error("unexpected end of input") }
        switch bytes[i] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[i])))'")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONSyntaxError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count, memcmp(bytes.baseAddress! + i, word.utf8Start, n) == 0 else { throw error("invalid literal") }
        i += n
    }

    private mutating func enter() throws(JSONSyntaxError) {
        depth += 1
        if depth > JSONParser.maxDepth { throw error("nested deeper than \(JSONParser.maxDepth)") }
    }

    private mutating func object() throws(JSONSyntaxError) -> JSONValue {
        try enter(); defer { depth -= 1 }
        i += 1
        var o: [(key: String, value: JSONValue)] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
        while true {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
            let key = try string()
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after key \"\(key)\"") }
            i += 1
            skipSpace()
            o.append((key, try value()))
            if try !another(before: UInt8(ascii: "}"), in: "an object") { return .object(o) }
        }
    }

    private mutating func array() throws(JSONSyntaxError) -> JSONValue {
        try enter(); defer { depth -= 1 }
        i += 1
        var a: [JSONValue] = []
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
        while true {
            skipSpace()
            a.append(try value())
            if try !another(before: UInt8(ascii: "]"), in: "an array") { return .array(a) }
        }
    }

    /// After an object's member or an array's element: true past a `,` (another follows),
    /// false past `close` (the container ends). `container` names it in errors.
    private mutating func another(before close: UInt8, in container: String) throws(JSONSyntaxError) -> Bool {
        skipSpace()
        guard i < bytes.count else { throw error("unexpected end of input in \(container)") }
        if bytes[i] == UInt8(ascii: ",") { i += 1; return true }
        if bytes[i] == close { i += 1; return false }
        throw error("expected ',' or '\(Character(Unicode.Scalar(close)))' in \(container)")
    }

    private mutating func number() throws(JSONSyntaxError) -> JSONValue {
        let start = i
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        while i < bytes.count, (bytes[i] >= 0x30 && bytes[i] <= 0x39) || bytes[i] == UInt8(ascii: ".")
                || bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") || bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            i += 1
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let d = Double(text) else { i = start; throw error("invalid number \(text)") }
        return .number(d)
    }

    private mutating func string() throws(JSONSyntaxError) -> String {
        i += 1
        let start = i
        // Fast path: no escapes, which is most strings.
        i = plainRunEnd(from: i)
        guard i < bytes.count else { throw error("unterminated string") }
        if bytes[i] == UInt8(ascii: "\"") {
            defer { i += 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { i += 1; return String(decoding: out, as: UTF8.self) }
            guard b >= 0x20 else { throw error("control character in a string") }
            // A backslash: LaTeX in abstracts makes escapes common, so the plain run after
            // each one is copied whole.
            i += 1
            guard i < bytes.count else { break }
            switch bytes[i] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar), i + 2 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u") {
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw error("invalid surrogate pair") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                }
                out.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: throw error("invalid escape")
            }
            i += 1
            let run = plainRunEnd(from: i)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<run]))
            i = run
        }
        throw error("unterminated string")
    }

    /// Where the run of string bytes needing no attention (not a quote, backslash or control
    /// character) that starts at `from` ends. Sixteen bytes at a time: strings are most of a
    /// record's bytes, and this loop was a tenth of an import's parsing time.
    private func plainRunEnd(from: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        var i = from
        let quote = SIMD16<UInt8>(repeating: 0x22), backslash = SIMD16<UInt8>(repeating: 0x5C)
        let space = SIMD16<UInt8>(repeating: 0x20)
        while i + 16 <= bytes.count {
            let v = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
            if any((v .== quote) .| (v .== backslash) .| (v .< space)) { break }
            i += 16
        }
        while i < bytes.count, base[i] != 0x22, base[i] != 0x5C, base[i] >= 0x20 { i += 1 }
        return i
    }

    /// Reads the four hex digits after `\u`, leaving `i` on the last one.
    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard i + 4 < bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for k in 1...4 {
            let c = bytes[i + k]
            let d: UInt8
            switch c {
            case 0x30...0x39: d = c - 0x30
            case 0x41...0x46: d = c - 0x41 + 10
            case 0x61...0x66: d = c - 0x61 + 10
            default: throw error("invalid \\u escape")
            }
            v = v << 4 | UInt32(d)
        }
        i += 4
        return v
    }
}
