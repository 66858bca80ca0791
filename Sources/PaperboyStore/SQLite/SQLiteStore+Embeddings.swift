import Foundation
import GRDB
import PaperboyCore

extension SQLiteStore {
    public func embeddingCount(model: String) async throws -> Int {
        try await read { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM embedding WHERE model = ?", arguments: [model]) ?? 0
        }
    }

    public func papersWithoutEmbedding(model: String, limit: Int) async throws -> [Paper] {
        try await read { db in
            try PaperRecord.fetchAll(db, sql: """
                SELECT p.* FROM paper p
                WHERE NOT p.deleted AND NOT EXISTS (SELECT 1 FROM embedding e WHERE e.model = ? AND e.paperId = p.id)
                ORDER BY p.id LIMIT ?
                """, arguments: [model, max(0, limit)]).map { try $0.paper() }
        }
    }

    /// Replaces any earlier vector of the same paper and model. Vectors for papers that are
    /// not (or no longer) stored are skipped: the paper may have been deleted meanwhile.
    public func saveEmbeddings(model: String, precision: String, _ vectors: [(id: String, vector: [Float])]) async throws {
        for (id, vector) in vectors {
            guard !vector.isEmpty else { throw StoreError.invalidVector(model: model, id: id, reason: "empty vector") }
            guard vector.allSatisfy(\.isFinite) else { throw StoreError.invalidVector(model: model, id: id, reason: "NaN or infinite component") }
        }
        try await write { db in
            // One number per batch, above every earlier one (writes are serialised).
            let seq = try Int64.fetchOne(db, sql: "SELECT coalesce(max(savedSeq), 0) + 1 FROM embedding WHERE model = ?",
                                         arguments: [model]) ?? 1
            let insert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO embedding (model, paperId, vector, precision, savedSeq)
                SELECT ?, id, ?, ?, ? FROM paper WHERE id = ?
                """)
            for (id, vector) in vectors {
                try insert.execute(arguments: [model, VectorBlob.data(vector), precision, seq, id])
            }
        }
    }

    public func embeddings(model: String) async throws -> [(id: String, vector: [Float])] {
        try await read { db in
            var out: [(id: String, vector: [Float])] = []
            let rows = try Row.fetchCursor(db, sql: "SELECT paperId, vector FROM embedding WHERE model = ? ORDER BY paperId", arguments: [model])
            while let row = try rows.next() {
                out.append((row[0], VectorBlob.floats(row[1])))
            }
            return out
        }
    }
}

extension SQLiteStore {
    public func embeddings(model: String, savedAfter cursor: Int64?) async throws -> (vectors: [(id: String, vector: [Float])], cursor: Int64?) {
        try await read { db in
            var out: [(id: String, vector: [Float])] = []
            var newest = cursor
            let rows = try Row.fetchCursor(db, sql: """
                SELECT paperId, vector, savedSeq FROM embedding WHERE model = ? AND savedSeq > ? ORDER BY savedSeq
                """, arguments: [model, cursor ?? -1])
            while let row = try rows.next() {
                out.append((row[0], VectorBlob.floats(row[1])))
                newest = row[2]
            }
            return (out, newest)
        }
    }
}

/// Float32 vectors as little-endian bytes, whatever the machine's byte order (every store
/// keeps them so).
public enum VectorBlob {
    public static func data(_ v: [Float]) -> Data {
        var d = Data(count: v.count * 4)
        d.withUnsafeMutableBytes { raw in
            for (i, x) in v.enumerated() { raw.storeBytes(of: x.bitPattern.littleEndian, toByteOffset: i * 4, as: UInt32.self) }
        }
        return d
    }

    public static func floats(_ d: Data) -> [Float] {
        d.withUnsafeBytes { raw in
            (0..<raw.count / 4).map { Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
        }
    }
}
