/// Renders metrics in the Prometheus text exposition format (version 0.0.4): `# HELP`,
/// `# TYPE`, then one sample per line. Pure: values in, text out.
public enum PrometheusText {
    /// A gauge sample read at scrape time (queue depth, open connections).
    public struct Gauge: Sendable {
        /// The metric name (`ipcbridge_connections`).
        public var name: String
        /// The `# HELP` text.
        public var help: String
        /// Label names and values, in order (`[("transport", "tcp")]`).
        public var labels: [(String, String)]
        /// The sample.
        public var value: Double

        /// A gauge sample; `labels` may be empty.
        public init(name: String, help: String, labels: [(String, String)] = [], value: Double) {
            self.name = name
            self.help = help
            self.labels = labels
            self.value = value
        }
    }

    /// The `Content-Type` of the text format, for the `/metrics` response.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The whole exposition: requests, errors and the latency histogram for each transport in
    /// `series` (sorted by transport), then the `gauges`.
    public static func render(_ series: [String: RequestMetrics.Series], gauges: [Gauge]) -> String {
        var out = ""
        let transports = series.keys.sorted()
        out += "# HELP ipcbridge_requests_total Requests answered, by transport.\n# TYPE ipcbridge_requests_total counter\n"
        for transport in transports {
            out += "ipcbridge_requests_total\(labels([("transport", transport)])) \(series[transport]?.requests ?? 0)\n"
        }
        out += "# HELP ipcbridge_errors_total Requests answered with an ERROR, by transport and status.\n# TYPE ipcbridge_errors_total counter\n"
        for transport in transports {
            for (code, count) in (series[transport]?.errors ?? [:]).sorted(by: { $0.key < $1.key }) {
                out += "ipcbridge_errors_total\(labels([("transport", transport), ("code", code)])) \(count)\n"
            }
        }
        out += "# HELP ipcbridge_request_duration_seconds Time from request to last answer.\n"
        out += "# TYPE ipcbridge_request_duration_seconds histogram\n"
        for transport in transports {
            guard let entry = series[transport] else { continue }
            for (index, bound) in RequestMetrics.latencyBuckets.enumerated() {
                out += "ipcbridge_request_duration_seconds_bucket\(labels([("transport", transport), ("le", number(bound))])) \(entry.bucketCounts[index])\n"
            }
            out += "ipcbridge_request_duration_seconds_bucket\(labels([("transport", transport), ("le", "+Inf")])) \(entry.requests)\n"
            out += "ipcbridge_request_duration_seconds_sum\(labels([("transport", transport)])) \(number(entry.latencySum))\n"
            out += "ipcbridge_request_duration_seconds_count\(labels([("transport", transport)])) \(entry.requests)\n"
        }
        var described = Set<String>()
        for gauge in gauges {
            if described.insert(gauge.name).inserted {
                out += "# HELP \(gauge.name) \(gauge.help)\n# TYPE \(gauge.name) gauge\n"
            }
            out += "\(gauge.name)\(labels(gauge.labels)) \(number(gauge.value))\n"
        }
        return out
    }

    static func labels(_ pairs: [(String, String)]) -> String {
        guard !pairs.isEmpty else { return "" }
        return "{" + pairs.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
    }

    /// Label values escape backslash, double quote and newline.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Integers without a fraction, others as Swift prints them.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
