import BridgeIO
import BridgeCore
import Synchronization

/// What `GET /metrics` shows: the request counters every transport feeds, plus gauges read
/// at scrape time (queue depth, connections per transport) from whoever registered them.
public final class MetricsBoard: Sendable {
    /// The per-transport request counters the services record into.
    public let requests: RequestMetrics
    private let gaugeSources = Locked<[@Sendable () -> [PrometheusText.Gauge]]>([])

    /// A board around `requests`, with no gauges yet.
    public init(requests: RequestMetrics = RequestMetrics()) {
        self.requests = requests
    }

    /// Adds gauges that are read on every scrape.
    public func addGauges(_ source: @escaping @Sendable () -> [PrometheusText.Gauge]) {
        gaugeSources.withLock { $0.append(source) }
    }

    /// The Prometheus text for this moment.
    public func render() -> String {
        let gauges = gaugeSources.withLock { $0 }.flatMap { $0() }
        return PrometheusText.render(requests.snapshot(), gauges: gauges)
    }
}
