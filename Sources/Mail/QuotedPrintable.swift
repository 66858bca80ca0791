/// Quoted-printable (RFC 2045 §6.7) with CRLF line ends and lines of at most 76 characters,
/// so a body of any line length or charset passes every relay.
enum QuotedPrintable {
    static let maxLine = 76

    /// `text` with its line ends (CRLF, LF or CR) made CRLF, encoded. Built as bytes: a digest
    /// is tens of kilobytes and a String per byte made encoding most of the sender's time.
    static func encode(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + text.utf8.count / 8 + 16)
        for (index, line) in lines(text).enumerated() {
            if index > 0 { out += [13, 10] }
            encodeLine(line, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func lines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines: [ArraySlice<UInt8>] = []
        var start = 0, i = 0
        while i < bytes.count {
            if bytes[i] == 13 || bytes[i] == 10 {
                lines.append(bytes[start..<i])
                i += (bytes[i] == 13 && i + 1 < bytes.count && bytes[i + 1] == 10) ? 2 : 1
                start = i
            } else {
                i += 1
            }
        }
        lines.append(bytes[start..<bytes.count])
        return lines
    }

    private static let digits = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var length = 0
        for index in line.indices {
            let byte = line[index]
            let last = index == line.endIndex - 1
            // Spaces and tabs stay literal except at the end of a line, where relays strip them.
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) || ((byte == 32 || byte == 9) && !last)
            let width = literal ? 1 : 3
            // A soft break ("=") takes one column; the final token may use it when the line ends.
            if length + width > (last ? maxLine : maxLine - 1) {
                out += [61, 13, 10]
                length = 0
            }
            if literal { out.append(byte) } else { out += [61, digits[Int(byte >> 4)], digits[Int(byte & 15)]] }
            length += width
        }
    }
}
