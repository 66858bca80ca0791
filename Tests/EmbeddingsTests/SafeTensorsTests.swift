import Foundation
import Testing
@testable import Embeddings

@Suite("SafeTensorsFile")
struct SafeTensorsTests {
    /// Writes a file with one F16, one BF16 and one F32 tensor and reads them back.
    @Test func readsF32F16AndBF16() throws {
        let header = #"{"__metadata__":{"format":"pt"},"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]},"f":{"dtype":"F32","shape":[1,2],"data_offsets":[8,16]}}"#
        var data = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: header.utf8)
        // F16: 1.5 = 0x3E00, -2 = 0xC000; BF16: 1.5 = 0x3FC0, -2 = 0xC000; F32: 0.25, 3.
        for half: UInt16 in [0x3E00, 0xC000, 0x3FC0, 0xC000] { withUnsafeBytes(of: half.littleEndian) { data.append(contentsOf: $0) } }
        for value: Float in [0.25, 3] { withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) } }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("emb-\(UUID().uuidString).safetensors")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }

        let file = try SafeTensorsFile(url: url)
        #expect(try file.floats("h", shape: [2]) == [1.5, -2])
        #expect(try file.floats("b", shape: [2]) == [1.5, -2])
        #expect(try file.floats("f", shape: [1, 2]) == [0.25, 3])
        #expect { try file.floats("f", shape: [2]) } throws: { "\($0)".contains("shape [1, 2]") }
        #expect { try file.floats("missing", shape: [1]) } throws: { "\($0)".contains("missing") }
    }

    @Test func rejectsTruncatedHeader() throws {
        var data = Data()
        withUnsafeBytes(of: UInt64(1000).littleEndian) { data.append(contentsOf: $0) }
        data.append(contentsOf: "{}".utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("emb-\(UUID().uuidString).safetensors")
        try data.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect { try SafeTensorsFile(url: url) } throws: { "\($0)".contains("header length 1000") }
    }
}
