import Foundation
import GRDB
import PaperboyCore

/// Collections (`CommunitySchema.swift`). Every change is one transaction that first checks
/// the collection is the owner's, and touches its `updatedAt` (feeds and pages show it).
extension SQLiteStore {
    public func createCollection(ownerID: Int64, name: String, description: String, isPublic: Bool, now: Date) async throws -> PaperCollection {
        try await collectionWrite(name: name) { db in
            try db.execute(sql: """
                INSERT INTO collection (userId, name, description, isPublic, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [ownerID, name, description, isPublic, now, now])
            guard let made = try Self.collection(id: db.lastInsertedRowID, db) else { throw CommunityError.noSuchCollection }
            return made
        }
    }

    public func collection(id: Int64) async throws -> PaperCollection? {
        try await read { db in try Self.collection(id: id, db) }
    }

    public func collections(ownerID: Int64) async throws -> [PaperCollection] {
        try await read { db in
            try Row.fetchAll(db, sql: Self.collectionSQL + " WHERE c.userId = ? ORDER BY c.name", arguments: [ownerID]).map(Self.collection)
        }
    }

    public func collections(ownerID: Int64, holding paperID: String) async throws -> Set<Int64> {
        try await read { db in
            Set(try Int64.fetchAll(db, sql: """
                SELECT c.id FROM collection c JOIN collectionItem i ON i.collectionId = c.id JOIN paper p ON p.rowid = i.paperRowid
                WHERE c.userId = ? AND p.id = ?
                """, arguments: [ownerID, paperID]))
        }
    }

    public func updateCollection(id: Int64, ownerID: Int64, name: String, description: String, isPublic: Bool, now: Date) async throws {
        try await collectionWrite(name: name) { db in
            try db.execute(sql: "UPDATE collection SET name = ?, description = ?, isPublic = ?, updatedAt = ? WHERE id = ? AND userId = ?",
                           arguments: [name, description, isPublic, now, id, ownerID])
            if db.changesCount == 0 { throw CommunityError.noSuchCollection }
        }
    }

    public func deleteCollection(id: Int64, ownerID: Int64) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM collection WHERE id = ? AND userId = ?", arguments: [id, ownerID])
            return db.changesCount > 0
        }
    }

    public func addPaper(_ paperID: String, toCollection id: Int64, ownerID: Int64, now: Date) async throws {
        try await owned(id, ownerID, now) { db in
            let rowid = try Self.livePaperRowid(paperID, db)
            try db.execute(sql: """
                INSERT INTO collectionItem (collectionId, paperRowid, position, note, addedAt)
                VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM collectionItem WHERE collectionId = ?1), '', ?3)
                ON CONFLICT DO NOTHING
                """, arguments: [id, rowid, now])
        }
    }

    public func removePaper(_ paperID: String, fromCollection id: Int64, ownerID: Int64, now: Date) async throws -> Bool {
        try await owned(id, ownerID, now) { db in
            try db.execute(sql: "DELETE FROM collectionItem WHERE collectionId = ? AND paperRowid = (SELECT rowid FROM paper WHERE id = ?)",
                           arguments: [id, paperID])
            return db.changesCount > 0
        }
    }

    public func setNote(_ note: String, paper paperID: String, collection id: Int64, ownerID: Int64, now: Date) async throws {
        try await owned(id, ownerID, now) { db in
            try db.execute(sql: "UPDATE collectionItem SET note = ? WHERE collectionId = ? AND paperRowid = (SELECT rowid FROM paper WHERE id = ?)",
                           arguments: [note, id, paperID])
            if db.changesCount == 0 { throw CommunityError.noSuchPaper(paperID) }
        }
    }

    public func movePaper(_ paperID: String, to position: Int, collection id: Int64, ownerID: Int64, now: Date) async throws {
        try await owned(id, ownerID, now) { db in
            var order = try Int64.fetchAll(db, sql: "SELECT paperRowid FROM collectionItem WHERE collectionId = ? ORDER BY position",
                                           arguments: [id])
            let rowid = try Int64.fetchOne(db, sql: "SELECT rowid FROM paper WHERE id = ?", arguments: [paperID])
            guard let rowid, let from = order.firstIndex(of: rowid) else { throw CommunityError.noSuchPaper(paperID) }
            order.remove(at: from)
            order.insert(rowid, at: min(max(0, position), order.count))
            let statement = try db.cachedStatement(sql: "UPDATE collectionItem SET position = ? WHERE collectionId = ? AND paperRowid = ?")
            for (i, item) in order.enumerated() { try statement.execute(arguments: [i, id, item]) }
        }
    }

    public func items(collection id: Int64) async throws -> [CollectionItem] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.paperRowid, i.note, i.addedAt FROM collectionItem i JOIN paper p ON p.rowid = i.paperRowid
                WHERE i.collectionId = ? AND NOT p.deleted ORDER BY i.position
                """, arguments: [id])
            let papers = try PaperRecord.byRowid(rows.map { $0["paperRowid"] }, db)
            return try rows.compactMap { row in
                try papers[row["paperRowid"]].map { CollectionItem(paper: try $0.paper(), note: row["note"], addedAt: row["addedAt"]) }
            }
        }
    }

    // MARK: - Helpers

    private static let collectionSQL = """
        SELECT c.*, u.username, (SELECT count(*) FROM collectionItem i WHERE i.collectionId = c.id) AS papers
        FROM collection c JOIN user u ON u.id = c.userId
        """

    private static func collection(id: Int64, _ db: Database) throws -> PaperCollection? {
        try Row.fetchOne(db, sql: collectionSQL + " WHERE c.id = ?", arguments: [id]).map(collection)
    }

    private static func collection(_ row: Row) -> PaperCollection {
        PaperCollection(id: row["id"], ownerID: row["userId"], ownerName: row["username"], name: row["name"],
                        description: row["description"], isPublic: row["isPublic"], paperCount: row["papers"],
                        createdAt: row["createdAt"], updatedAt: row["updatedAt"])
    }

    /// Runs `body` when collection `id` is `ownerID`'s, then marks it changed at `now`.
    private func owned<T: Sendable>(_ id: Int64, _ ownerID: Int64, _ now: Date,
                                    _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await write { db in
            try db.execute(sql: "UPDATE collection SET updatedAt = ? WHERE id = ? AND userId = ?", arguments: [now, id, ownerID])
            if db.changesCount == 0 { throw CommunityError.noSuchCollection }
            return try body(db)
        }
    }

    /// `communityWrite` (a vanished owner is `noSuchUser`), with the unique (owner, name)
    /// index's refusal turned into `collectionNameTaken`.
    private func collectionWrite<T: Sendable>(name: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await communityWrite(body)
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw CommunityError.collectionNameTaken(name)
        }
    }
}
