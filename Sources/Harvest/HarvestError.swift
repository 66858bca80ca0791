/// A harvest that cannot go on: an OAI-PMH error the protocol does not let us recover from,
/// or a bad configuration. Network and server failures arrive as `FetchError`.
public struct HarvestError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public init(source: String, _ message: String) { self.source = source; self.message = message }
    public var description: String { "\(source): \(message)" }
}
