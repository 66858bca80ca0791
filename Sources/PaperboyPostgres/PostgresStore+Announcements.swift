import PostgresNIO

extension PostgresStore {
    /// Listens on one pooled connection for the announcements of the migration "paper and
    /// vector writes are announced". A lost connection is replaced after `retry`; `connected`
    /// is announced each time listening starts, so listeners catch up on what they missed.
    public func changeAnnouncements() -> AsyncStream<String>? {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(16))
        let listening = Task { [client, logger] in
            let channel = "paperboy " + ((try? await self.currentSchema()) ?? "public")
            while !Task.isCancelled {
                do {
                    try await client.withConnection { connection in
                        try await connection.listen(on: channel) { notifications in
                            continuation.yield("connected")
                            for try await notification in notifications { continuation.yield(notification.payload) }
                        }
                    }
                } catch {
                    logger.warning("no longer hearing of other instances' writes, listening again", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        continuation.onTermination = { _ in listening.cancel() }
        return stream
    }

    /// The schema the store's tables are in: the URL's, else the server's default.
    private func currentSchema() async throws -> String {
        try await rows("SELECT current_schema()").first?.decode(String.self) ?? "public"
    }
}
