import Foundation
import Metrics
import Prometheus
import Synchronization

/// The hub's metrics, recorded through the swift-metrics API into a Prometheus registry of
/// this instance's own, which `/metrics` emits in the text exposition format. The factory is
/// passed explicitly rather than bootstrapped into the global `MetricsSystem`: that can happen
/// once per process, and tests build many routers side by side, each counting for itself.
public final class WebMetrics: Sendable {
    static let requestsTotal = "paperboy_http_requests_total"
    static let requestDuration = "paperboy_http_request_duration_seconds"
    static let signIns = "paperboy_sign_ins_total"
    /// Latency bounds in seconds: from a page served out of the cache up to a slow search.
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// The last value set by `mirror(counter:to:)`, per counter.
    private let mirrored = Mutex<[String: Int]>([:])

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets[Self.requestDuration] = Self.buckets.map { .nanoseconds(Int64(($0 * 1e9).rounded())) }
        self.factory = factory
        // Every outcome is listed from the start, so a rate over the first failures is not lost.
        for result in SignInResult.allCases { _ = signInCounter(result) }
    }

    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        Metrics.Counter(label: Self.requestsTotal, dimensions: [("route", route), ("method", method), ("status", String(status))],
                        factory: factory).increment()
        Metrics.Timer(label: Self.requestDuration, dimensions: [("route", route)], factory: factory).record(duration: duration)
    }

    enum SignInResult: String, CaseIterable { case ok, wrongPassword = "wrong_password", throttled }

    func recordSignIn(_ result: SignInResult) { signInCounter(result).increment() }

    private func signInCounter(_ result: SignInResult) -> Metrics.Counter {
        Metrics.Counter(label: Self.signIns, dimensions: [("result", result.rawValue)], factory: factory)
    }

    func set(gauge label: String, _ dimensions: [(String, String)] = [], to value: Double) {
        Metrics.Gauge(label: label, dimensions: dimensions, factory: factory).record(value)
    }

    /// Brings a counter that another component keeps (the harvest service's totals) up to
    /// `value`. swift-metrics counters only go up, so the growth since the last call is added;
    /// the lock keeps two scrapes at once from adding it twice.
    func mirror(counter label: String, to value: Int) {
        mirrored.withLock { last in
            let counter = Metrics.Counter(label: label, factory: factory)
            let previous = last[label, default: 0]
            if value >= previous {
                counter.increment(by: value - previous)
            } else {
                counter.reset()
                counter.increment(by: value)
            }
            last[label] = value
        }
    }

    /// Everything recorded, in the Prometheus text exposition format (version 0.0.4).
    func exposition() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
