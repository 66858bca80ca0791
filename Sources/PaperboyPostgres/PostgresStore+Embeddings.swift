import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

extension PostgresStore {
    public func embeddingCount(model: String) async throws -> Int {
        try await rows("SELECT count(*) FROM embedding WHERE model = \(model)").first?.decode(Int.self) ?? 0
    }

    public func papersWithoutEmbedding(model: String, limit: Int) async throws -> [Paper] {
        var query = QueryBuilder()
        let model = try query.bind(model), limit = try query.bind(max(0, limit))
        return try await rows(query.query("""
            SELECT \(PaperRow.columns()) FROM paper p
            WHERE NOT p.deleted AND NOT EXISTS (SELECT 1 FROM embedding e WHERE e.model = \(model) AND e.paperId = p.id)
            ORDER BY p.id LIMIT \(limit)
            """)).map { try PaperRow($0.makeRandomAccess()).paper() }
    }

    /// Replaces any earlier vector of the same paper and model, in one statement. Vectors for
    /// papers that are not (or no longer) stored are skipped: the paper may have been deleted
    /// meanwhile. Vectors are little-endian Float32 (`VectorBlob`), as SQLite keeps them.
    public func saveEmbeddings(model: String, precision: String, _ vectors: [(id: String, vector: [Float])]) async throws {
        for (id, vector) in vectors {
            guard !vector.isEmpty else { throw StoreError.invalidVector(model: model, id: id, reason: "empty vector") }
            guard vector.allSatisfy(\.isFinite) else { throw StoreError.invalidVector(model: model, id: id, reason: "NaN or infinite component") }
        }
        guard !vectors.isEmpty else { return }
        // A batch naming a paper twice keeps its last vector (ON CONFLICT may touch a row once).
        var latest: [String: Int] = [:]
        for (i, v) in vectors.enumerated() { latest[v.id] = i }
        let kept = latest.values.sorted().map { vectors[$0] }
        let ids = kept.map(\.id)
        let blobs = kept.map { ByteBuffer(bytes: VectorBlob.data($0.vector)) }
        try await transaction { connection in
            // The writers' turn first (as the embedding table's trigger takes it), so batch
            // numbers follow commits (see migration "paper writers take turns").
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('paperboy paper writers ' || current_schema()))", logger: logger)
            let batch = try await connection.rows("SELECT nextval('embeddingBatch')", logger: logger).first?.decode(Int64.self) ?? 0
            try await connection.query("""
                INSERT INTO embedding (model, paperId, vector, precision, savedSeq)
                SELECT \(model), p.id, v.vector, \(precision), \(batch) FROM unnest(\(ids)::text[], \(blobs)::bytea[]) AS v (id, vector)
                JOIN paper p ON p.id = v.id
                ON CONFLICT (model, paperId) DO UPDATE SET vector = excluded.vector, precision = excluded.precision, savedSeq = excluded.savedSeq
                """, logger: logger)
        }
    }

    public func embeddings(model: String) async throws -> [(id: String, vector: [Float])] {
        try await rows("SELECT paperId, vector FROM embedding WHERE model = \(model) ORDER BY paperId").map { row in
            let (id, vector) = try row.decode((String, Data).self)
            return (id, VectorBlob.floats(vector))
        }
    }

    public func embeddings(model: String, savedAfter cursor: Int64?) async throws -> (vectors: [(id: String, vector: [Float])], cursor: Int64?) {
        var newest = cursor
        let vectors = try await rows("""
            SELECT paperId, vector, savedSeq FROM embedding WHERE model = \(model) AND savedSeq > \(cursor ?? -1) ORDER BY savedSeq
            """).map { row in
            let (id, vector, seq) = try row.decode((String, Data, Int64).self)
            newest = seq
            return (id: id, vector: VectorBlob.floats(vector))
        }
        return (vectors, newest)
    }
}
