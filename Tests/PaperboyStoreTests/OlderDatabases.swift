import GRDB
@testable import PaperboyStore
import Testing

extension DatabaseQueue {
    /// An in-memory database as it was just before `migration` landed, to store what older
    /// versions stored and see the migration carry it over.
    static func migrated(before migration: String) throws -> DatabaseQueue {
        let queue = try DatabaseQueue(configuration: SQLiteStore.makeConfiguration())
        let migrations = SQLiteStore.migrator.migrations
        let index = try #require(migrations.firstIndex(of: migration))
        try SQLiteStore.migrator.migrate(queue, upTo: migrations[index - 1])
        return queue
    }
}
