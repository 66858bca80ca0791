import Foundation
import Logging
import PaperboyCore
import PaperboyStore

/// The composition the CLI and the service use: one client (so one rate limiter per host for
/// every source) and the three ways of asking arXiv.
public struct Harvester: Sendable {
    public let config: HarvestConfig
    public let client: ArxivClient
    public let store: any PaperStore

    public init(config: HarvestConfig, store: any PaperStore, transport: any HTTPTransport = URLSessionTransport(),
                clock: any HarvestClock = SystemClock(), logger: Logger = Logger(label: "paperboy.harvest")) {
        self.config = config
        self.store = store
        self.client = ArxivClient(transport: transport, limiter: RateLimiter(minInterval: config.requestInterval, clock: clock),
                                  retry: RetryPolicy(maxAttempts: config.maxAttempts), clock: clock,
                                  userAgent: config.userAgent, timeout: config.timeout, logger: logger)
    }

    public var oai: OAIHarvester { OAIHarvester(client: client, store: store, baseURL: config.oaiURL) }
    public var rss: RSSHarvester { RSSHarvester(client: client, store: store, baseURL: config.rssURL) }
    public var api: APIFetcher { APIFetcher(client: client, store: store, baseURL: config.apiURL) }

    /// Lists `request`; without `from` it continues from the checkpoint, and without either it
    /// starts `initialDays` back rather than asking for arXiv's whole history.
    @discardableResult
    public func harvestOAI(_ request: OAIListRequest, onPage: @Sendable (HarvestReport) async -> Void = { _ in }) async throws -> HarvestReport {
        var first = request
        if first.from == nil, try await store.checkpoint(source: request.source) == nil {
            first.from = Day(client.clock.now()).adding(days: -config.initialDays).description
        }
        return try await oai.harvest(first, onPage: onPage)
    }

    /// Brings every configured source up to date from its checkpoint. A source that fails does
    /// not stop the others; the first failure is rethrown at the end, after the others ran.
    @discardableResult
    public func incremental(onPage: @Sendable (HarvestReport) async -> Void = { _ in }) async throws -> HarvestReport {
        var total = HarvestReport()
        var firstError: Error?
        for set in config.sets {
            do {
                total = total + (try await harvestOAI(OAIListRequest(set: set, prefix: config.prefix), onPage: onPage))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                firstError = firstError ?? error
            }
        }
        if !config.rssCategories.isEmpty {
            do { total = total + (try await rss.harvest(categories: config.rssCategories)) } catch is CancellationError {
                throw CancellationError()
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
        return total
    }
}
