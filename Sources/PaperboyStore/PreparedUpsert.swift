import PaperboyCore

/// An upsert whose CPU-only part (merging duplicates, encoding rows) is done and that waits
/// only for the store's writer. An importer prepares batch N+1 while batch N is being
/// written, so the single writer never waits for that work.
public struct PreparedUpsert: Sendable {
    private let write: @Sendable (Checkpoint?) async throws -> UpsertResult

    public init(_ write: @escaping @Sendable (Checkpoint?) async throws -> UpsertResult) { self.write = write }

    /// Writes the batch, with `checkpoint` in the same transaction.
    public func callAsFunction(checkpoint: Checkpoint?) async throws -> UpsertResult { try await write(checkpoint) }
}

extension PaperStore {
    /// Stores with nothing to prepare just upsert when the batch's turn comes.
    public func prepareUpsert(_ papers: [Paper]) throws -> PreparedUpsert {
        PreparedUpsert { checkpoint in try await self.upsert(papers, checkpoint: checkpoint) }
    }
}

extension Paper {
    /// One batch may carry the same paper twice (a dump with two versions): stores merge them
    /// first so the result counts each paper once.
    public static func mergingDuplicates(_ papers: [Paper]) -> [Paper] {
        var index: [String: Int] = [:]
        var out: [Paper] = []
        out.reserveCapacity(papers.count)
        for p in papers {
            if let i = index[p.id] {
                out[i] = out[i].merged(with: p)
            } else {
                index[p.id] = out.count
                out.append(p)
            }
        }
        return out
    }
}
