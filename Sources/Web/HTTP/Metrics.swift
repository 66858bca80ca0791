import Foundation
import Synchronization

/// Request counts by route, method and status, and latency histograms by route, written in
/// the Prometheus text exposition format (version 0.0.4) for `/metrics`.
public final class WebMetrics: Sendable {
    static let buckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private struct CountKey: Hashable { var route: String; var method: String; var status: Int }
    private struct Histogram { var counts = [UInt64](repeating: 0, count: WebMetrics.buckets.count); var sum = 0.0; var count: UInt64 = 0 }
    private struct State { var requests: [CountKey: UInt64] = [:]; var latency: [String: Histogram] = [:] }
    private let state = Mutex(State())

    public init() {}

    func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { s in
            s.requests[CountKey(route: route, method: method, status: status), default: 0] += 1
            var h = s.latency[route] ?? Histogram()
            // Buckets are cumulative in the output; store per-bucket and sum when rendering.
            if let i = WebMetrics.buckets.firstIndex(where: { seconds <= $0 }) { h.counts[i] += 1 }
            h.sum += seconds; h.count += 1
            s.latency[route] = h
        }
    }

    public func render() -> String {
        let s = state.withLock { $0 }
        var out = "# HELP paperboy_http_requests_total HTTP requests by route, method and status.\n"
        out += "# TYPE paperboy_http_requests_total counter\n"
        for (k, v) in s.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "paperboy_http_requests_total{route=\"\(label(k.route))\",method=\"\(label(k.method))\",status=\"\(k.status)\"} \(v)\n"
        }
        out += "# HELP paperboy_http_request_duration_seconds Time to answer a request, by route.\n"
        out += "# TYPE paperboy_http_request_duration_seconds histogram\n"
        for (route, h) in s.latency.sorted(by: { $0.key < $1.key }) {
            var cumulative: UInt64 = 0
            for (i, le) in WebMetrics.buckets.enumerated() {
                cumulative += h.counts[i]
                out += "paperboy_http_request_duration_seconds_bucket{route=\"\(label(route))\",le=\"\(le)\"} \(cumulative)\n"
            }
            out += "paperboy_http_request_duration_seconds_bucket{route=\"\(label(route))\",le=\"+Inf\"} \(h.count)\n"
            out += "paperboy_http_request_duration_seconds_sum{route=\"\(label(route))\"} \(h.sum)\n"
            out += "paperboy_http_request_duration_seconds_count{route=\"\(label(route))\"} \(h.count)\n"
        }
        return out
    }

    private func label(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
