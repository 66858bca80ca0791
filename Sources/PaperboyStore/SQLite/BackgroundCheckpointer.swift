import Foundation
import GRDB
import Synchronization

/// Copies the write-ahead log into the database file on a connection and thread of its own,
/// after each batch an import commits. SQLite's automatic checkpoint would otherwise run on
/// the writer, right after every commit, and the writer is what bounds an import's speed.
/// A passive checkpoint never blocks the writer nor waits for it. The writer's own automatic
/// checkpoint (at `walPagesBeforeWriterCheckpoints`) stays as the backstop that keeps the log
/// bounded, so a failed background checkpoint only costs speed and is not reported.
final class BackgroundCheckpointer: Sendable {
    /// The writer's automatic checkpoint threshold with a background checkpointer (pages of
    /// 4 KiB: 64 MiB). SQLite's default, 1,000 pages, is less than one import batch.
    static let walPagesBeforeWriterCheckpoints = 16_384

    private let connection: DatabaseQueue
    /// The checkpoint under way, if any.
    private let current = Mutex<Task<Void, Never>?>(nil)

    init(path: String) throws {
        var configuration = Configuration()
        configuration.label = "checkpointer"
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Starts a checkpoint unless one is under way (that one will pick up this commit's pages
    /// or the next call will).
    func checkpointSoon() {
        current.withLock { task in
            guard task == nil else { return }
            task = Task.detached(priority: .utility) { [self] in
                _ = try? await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
                current.withLock { $0 = nil }
            }
        }
    }

    /// Waits for the checkpoint under way: a blocking checkpoint started meanwhile would fail
    /// as busy.
    func idle() async {
        await current.withLock { $0 }?.value
    }
}
