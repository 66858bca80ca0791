import Foundation
import PaperboyCore
import PaperboyStore
import PostgresNIO

/// Collections (`CommunitySchema.swift`). Every change is one transaction that first claims
/// the collection's row for its owner (so changes to one collection run one after another)
/// and touches its `updatedAt` (feeds and pages show it).
extension PostgresStore {
    public func createCollection(ownerID: Int64, name: String, description: String, isPublic: Bool, now: Date) async throws -> PaperCollection {
        try await collectionWrite(name: name) { connection in
            let made = try await connection.rows("""
                INSERT INTO collection (userId, name, description, isPublic, createdAt, updatedAt)
                VALUES (\(ownerID), \(name.removingNULs()), \(description.removingNULs()), \(isPublic), \(now), \(now)) RETURNING id
                """, logger: logger)
            guard let id = try made.first?.decode(Int64.self), let collection = try await collection(id: id, connection) else {
                throw CommunityError.noSuchCollection
            }
            return collection
        }
    }

    public func collection(id: Int64) async throws -> PaperCollection? {
        try await rows("\(unescaped: Self.collectionSQL) WHERE c.id = \(id)").first.map(Self.collection)
    }

    public func collections(ownerID: Int64) async throws -> [PaperCollection] {
        // SQLite orders by the NOCASE column: without case, then as written.
        try await rows("\(unescaped: Self.collectionSQL) WHERE c.userId = \(ownerID) ORDER BY lower(c.name), c.name, c.id").map(Self.collection)
    }

    public func collections(ownerID: Int64, holding paperID: String) async throws -> Set<Int64> {
        Set(try await rows("""
            SELECT c.id FROM collection c JOIN collectionItem i ON i.collectionId = c.id JOIN paper p ON p.rowid = i.paperRowid
            WHERE c.userId = \(ownerID) AND p.id = \(paperID)
            """).map { try $0.decode(Int64.self) })
    }

    public func updateCollection(id: Int64, ownerID: Int64, name: String, description: String, isPublic: Bool, now: Date) async throws {
        try await collectionWrite(name: name) { connection in
            let changed = try await connection.rows("""
                UPDATE collection SET name = \(name.removingNULs()), description = \(description.removingNULs()), isPublic = \(isPublic), updatedAt = \(now)
                WHERE id = \(id) AND userId = \(ownerID) RETURNING id
                """, logger: logger)
            if changed.isEmpty { throw CommunityError.noSuchCollection }
        }
    }

    @discardableResult
    public func deleteCollection(id: Int64, ownerID: Int64) async throws -> Bool {
        !(try await rows("DELETE FROM collection WHERE id = \(id) AND userId = \(ownerID) RETURNING id")).isEmpty
    }

    public func addPaper(_ paperID: String, toCollection id: Int64, ownerID: Int64, now: Date) async throws {
        try await owned(id, ownerID, now) { connection in
            let rowid = try await livePaperRowid(paperID, connection)
            // The collection's row is locked by `owned`: the next position is this one's to take.
            try await connection.query("""
                INSERT INTO collectionItem (collectionId, paperRowid, position, note, addedAt)
                VALUES (\(id), \(rowid), (SELECT coalesce(max(position), -1) + 1 FROM collectionItem WHERE collectionId = \(id)), '', \(now))
                ON CONFLICT DO NOTHING
                """, logger: logger)
        }
    }

    @discardableResult
    public func removePaper(_ paperID: String, fromCollection id: Int64, ownerID: Int64, now: Date) async throws -> Bool {
        try await owned(id, ownerID, now) { connection in
            !(try await connection.rows("""
                DELETE FROM collectionItem WHERE collectionId = \(id) AND paperRowid = (SELECT rowid FROM paper WHERE id = \(paperID))
                RETURNING paperRowid
                """, logger: logger)).isEmpty
        }
    }

    public func setNote(_ note: String, paper paperID: String, collection id: Int64, ownerID: Int64, now: Date) async throws {
        try await owned(id, ownerID, now) { connection in
            let changed = try await connection.rows("""
                UPDATE collectionItem SET note = \(note.removingNULs())
                WHERE collectionId = \(id) AND paperRowid = (SELECT rowid FROM paper WHERE id = \(paperID)) RETURNING paperRowid
                """, logger: logger)
            if changed.isEmpty { throw CommunityError.noSuchPaper(paperID) }
        }
    }

    public func movePaper(_ paperID: String, to position: Int, collection id: Int64, ownerID: Int64, now: Date) async throws {
        try await owned(id, ownerID, now) { connection in
            var order = try await connection.rows("""
                SELECT paperRowid FROM collectionItem WHERE collectionId = \(id) ORDER BY position
                """, logger: logger).map { try $0.decode(Int64.self) }
            let rowid = try await connection.rows("SELECT rowid FROM paper WHERE id = \(paperID)", logger: logger).first?.decode(Int64.self)
            guard let rowid, let from = order.firstIndex(of: rowid) else { throw CommunityError.noSuchPaper(paperID) }
            order.remove(at: from)
            order.insert(rowid, at: min(max(0, position), order.count))
            // Every position in one statement: the list's order, numbered from 0.
            try await connection.query("""
                UPDATE collectionItem i SET position = o.n - 1
                FROM unnest(\(order)::BIGINT[]) WITH ORDINALITY AS o(paperRowid, n)
                WHERE i.collectionId = \(id) AND i.paperRowid = o.paperRowid
                """, logger: logger)
        }
    }

    public func items(collection id: Int64) async throws -> [CollectionItem] {
        try await rows("""
            SELECT i.note, i.addedAt, \(unescaped: PaperRow.columns()) FROM collectionItem i JOIN paper p ON p.rowid = i.paperRowid
            WHERE i.collectionId = \(id) AND NOT p.deleted ORDER BY i.position
            """).map { row in
                let cells = row.makeRandomAccess()
                return CollectionItem(paper: try PaperRow(cells, at: 2).paper(), note: try cells[0].decode(String.self),
                                      addedAt: try cells[1].decode(Date.self))
            }
    }

    // MARK: - Helpers

    /// A collection's columns in `PaperCollection`'s order, for a WHERE clause to pick.
    private static let collectionSQL = """
        SELECT c.id, c.userId, u.username, c.name, c.description, c.isPublic,
               (SELECT count(*) FROM collectionItem i WHERE i.collectionId = c.id), c.createdAt, c.updatedAt
        FROM collection c JOIN account u ON u.id = c.userId
        """

    private func collection(id: Int64, _ connection: PostgresConnection) async throws -> PaperCollection? {
        try await connection.rows("\(unescaped: Self.collectionSQL) WHERE c.id = \(id)", logger: logger).first.map(Self.collection)
    }

    private static func collection(_ row: PostgresRow) throws -> PaperCollection {
        let (id, ownerID, ownerName, name, description, isPublic, papers, createdAt, updatedAt) =
            try row.decode((Int64, Int64, String, String, String, Bool, Int, Date, Date).self)
        return PaperCollection(id: id, ownerID: ownerID, ownerName: ownerName, name: name, description: description, isPublic: isPublic,
                               paperCount: papers, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Runs `body` when collection `id` is `ownerID`'s, then marks it changed at `now`. The
    /// update locks the collection's row until the transaction ends.
    private func owned<T: Sendable>(_ id: Int64, _ ownerID: Int64, _ now: Date,
                                    _ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await transaction { connection in
            let claimed = try await connection.rows("""
                UPDATE collection SET updatedAt = \(now) WHERE id = \(id) AND userId = \(ownerID) RETURNING id
                """, logger: logger)
            if claimed.isEmpty { throw CommunityError.noSuchCollection }
            return try await body(connection)
        }
    }

    /// `communityWrite` (a vanished owner is `noSuchUser`), with the unique (owner, name)
    /// index's refusal turned into `collectionNameTaken`.
    private func collectionWrite<T: Sendable>(name: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await communityWrite(body)
        } catch let error where error.isUniqueViolation(constraint: "collection_userid_name") {
            throw CommunityError.collectionNameTaken(name)
        }
    }
}
