/// One load run as the report draws it: what was run, and its outcomes, pre-aggregated so memory
/// stays bounded (a log-linear latency histogram, completions per interval, error counts by
/// status). Codable, so runs saved one at a time (`bridge load --report-json`) can be drawn
/// side by side later (`bridge report`).
public struct LoadRunRecord: Sendable, Equatable, Codable {
    /// The run's name on the page (`tcp sync`, a file name...).
    public var label: String
    /// `tcp`, `http` or `grpc`.
    public var transport: String
    /// How the calls were made: `sync`, `async`, `callback`, `webhook`...
    public var mode: String
    /// Calls kept in flight at once.
    public var concurrency: Int
    /// When the run started, as the caller wants it shown (ISO 8601 from `bridge load`).
    public var started: String
    /// From the first request issued to the last answer.
    public var durationSeconds: Double
    /// Latency of the successful calls.
    public var latency: LatencyHistogram
    /// Completions and errors over time, for the throughput and latency-over-time charts.
    public var timeline: ThroughputTimeline
    /// Failed calls by status name (UNAVAILABLE, DEADLINE_EXCEEDED, ...).
    public var errors: [String: Int]

    /// An empty record for a run; outcomes are added with ``recordSuccess(latencyMicros:atMicros:)``
    /// and ``recordFailure(code:atMicros:)``, counted in intervals of `intervalMicros`.
    public init(label: String, transport: String, mode: String, concurrency: Int, started: String = "",
                durationSeconds: Double = 0, intervalMicros: UInt64 = 100_000) {
        self.label = label
        self.transport = transport
        self.mode = mode
        self.concurrency = concurrency
        self.started = started
        self.durationSeconds = durationSeconds
        self.latency = LatencyHistogram()
        self.timeline = ThroughputTimeline(intervalMicros: intervalMicros)
        self.errors = [:]
    }

    /// A call that succeeded `latencyMicros` after it was sent and completed `atMicros` after
    /// the run started.
    public mutating func recordSuccess(latencyMicros: UInt64, atMicros: UInt64) {
        latency.record(latencyMicros)
        timeline.record(atMicros: atMicros, latencyMicros: latencyMicros)
    }

    /// A call that failed with status `code`, `atMicros` after the run started.
    public mutating func recordFailure(code: String, atMicros: UInt64) {
        errors[code, default: 0] += 1
        timeline.record(atMicros: atMicros, latencyMicros: nil)
    }

    /// Calls that succeeded.
    public var succeeded: Int { latency.totalCount }
    /// Calls that failed, whatever the status.
    public var failed: Int { errors.values.reduce(0, +) }
    /// Every call that finished, successful or not.
    public var requests: Int { succeeded + failed }
    /// Successful calls per second over the whole run.
    public var throughput: Double { durationSeconds > 0 ? Double(succeeded) / durationSeconds : 0 }

    /// Requests accepted and never answered: in webhook mode, the calls that ran out of time.
    public var lost: Int? { mode == "webhook" ? errors["DEADLINE_EXCEEDED", default: 0] : nil }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        label = try container.decode(String.self, forKey: .label)
        transport = try container.decode(String.self, forKey: .transport)
        mode = try container.decode(String.self, forKey: .mode)
        concurrency = try container.decode(Int.self, forKey: .concurrency)
        started = try container.decodeIfPresent(String.self, forKey: .started) ?? ""
        durationSeconds = try container.decode(Double.self, forKey: .durationSeconds)
        latency = try container.decode(LatencyHistogram.self, forKey: .latency)
        timeline = try container.decode(ThroughputTimeline.self, forKey: .timeline)
        errors = try container.decode([String: Int].self, forKey: .errors)
        guard durationSeconds.isFinite, durationSeconds >= 0, errors.values.allSatisfy({ $0 >= 0 }) else {
            throw DecodingError.dataCorruptedError(forKey: .durationSeconds, in: container, debugDescription: "duration or error counts out of range")
        }
    }
}

/// The percentiles the report shows, in microseconds.
public struct LatencySummary: Sendable, Equatable {
    /// The quantiles shown, with their column names.
    public static let quantiles: [(name: String, q: Double)] = [("p50", 0.5), ("p90", 0.9), ("p95", 0.95), ("p99", 0.99), ("p99.9", 0.999)]

    /// The mean latency.
    public let mean: Double
    /// The smallest latency, exactly.
    public let min: UInt64
    /// p50, p90, p95, p99, p99.9, in `quantiles`' order.
    public let percentiles: [UInt64]
    /// The largest latency, exactly.
    public let max: UInt64

    /// The summary of `histogram`: percentiles to within its 0.8% resolution, min, max and mean exact.
    public init(_ histogram: LatencyHistogram) {
        mean = histogram.mean
        min = histogram.minValue
        percentiles = Self.quantiles.map { histogram.value(atQuantile: $0.q) }
        max = histogram.maxValue
    }
}
