/// Runs writes one at a time in the order submitted, each overlapping whatever the caller
/// does next (parsing and preparing the next batch). At most one write is in flight, so an
/// import holds two batches at most. A write starts only after the one before it succeeded:
/// a failed batch stops the run before any later batch (and its checkpoint) can commit.
struct OrderedWrites<Output: Sendable> {
    private var pending: Task<Output, Error>?

    /// Waits for the write in flight, then starts `write`. Returns the finished write's
    /// output (nil when none was in flight); throws its error, in which case `write` never runs.
    mutating func submit(_ write: @escaping @Sendable () async throws -> Output) async throws -> Output? {
        let finished = try await finish()
        pending = Task { try await write() }
        return finished
    }

    /// Waits for the write in flight and returns its output.
    mutating func finish() async throws -> Output? {
        guard let write = pending else { return nil }
        pending = nil
        return try await write.value
    }
}
