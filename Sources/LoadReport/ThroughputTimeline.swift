/// Completions by time since the run started, in fixed intervals (100 ms to begin with): how
/// many succeeded, how many failed, and the mean and largest latency of the successes. When a
/// run outlasts `maxIntervals` intervals, neighbours merge pairwise and the interval doubles, so
/// memory stays bounded however long the run.
public struct ThroughputTimeline: Sendable, Equatable, Codable {
    /// The most intervals kept before neighbours merge and the interval doubles.
    public static let maxIntervals = 8192

    /// The length of one interval in microseconds (it doubles as a long run coarsens).
    public private(set) var intervalMicros: UInt64
    /// Successful calls completed in each interval.
    public private(set) var ok: [Int] = []
    /// Failed calls completed in each interval.
    public private(set) var errors: [Int] = []
    /// The sum of the successful calls' latencies in each interval (with `ok`, the mean).
    public private(set) var latencySumMicros: [Double] = []
    /// The largest successful latency in each interval.
    public private(set) var latencyMaxMicros: [UInt64] = []

    /// An empty timeline counting in intervals of `intervalMicros` (at least 1).
    public init(intervalMicros: UInt64 = 100_000) {
        self.intervalMicros = max(1, intervalMicros)
    }

    /// How many intervals hold data so far.
    public var count: Int { ok.count }
    /// The interval length in seconds.
    public var intervalSeconds: Double { Double(intervalMicros) / 1e6 }

    /// Counts one completion `offsetMicros` after the start; `latencyMicros` is nil for an error.
    public mutating func record(atMicros offsetMicros: UInt64, latencyMicros: UInt64?) {
        var index = offsetMicros / intervalMicros
        while index >= UInt64(Self.maxIntervals) {
            let before = intervalMicros
            coarsen()
            guard intervalMicros != before else { index = UInt64(Self.maxIntervals - 1); break }
            index = offsetMicros / intervalMicros
        }
        let slot = Int(index)
        if slot >= ok.count {
            let grow = slot + 1 - ok.count
            ok.append(contentsOf: repeatElement(0, count: grow))
            errors.append(contentsOf: repeatElement(0, count: grow))
            latencySumMicros.append(contentsOf: repeatElement(0, count: grow))
            latencyMaxMicros.append(contentsOf: repeatElement(0, count: grow))
        }
        if let latencyMicros {
            ok[slot] += 1
            latencySumMicros[slot] += Double(latencyMicros)
            latencyMaxMicros[slot] = max(latencyMaxMicros[slot], latencyMicros)
        } else {
            errors[slot] += 1
        }
    }

    /// Doubles the interval, merging neighbours.
    mutating func coarsen() {
        let (high, overflow) = intervalMicros.multipliedReportingOverflow(by: 2)
        guard !overflow else { return }
        intervalMicros = high
        let merged = (ok.count + 1) / 2
        for target in 0..<merged {
            let a = target * 2, b = a + 1
            let hasB = b < ok.count
            ok[target] = ok[a] + (hasB ? ok[b] : 0)
            errors[target] = errors[a] + (hasB ? errors[b] : 0)
            latencySumMicros[target] = latencySumMicros[a] + (hasB ? latencySumMicros[b] : 0)
            latencyMaxMicros[target] = max(latencyMaxMicros[a], hasB ? latencyMaxMicros[b] : 0)
        }
        ok.removeLast(ok.count - merged)
        errors.removeLast(errors.count - merged)
        latencySumMicros.removeLast(latencySumMicros.count - merged)
        latencyMaxMicros.removeLast(latencyMaxMicros.count - merged)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        intervalMicros = try container.decode(UInt64.self, forKey: .intervalMicros)
        ok = try container.decode([Int].self, forKey: .ok)
        errors = try container.decode([Int].self, forKey: .errors)
        latencySumMicros = try container.decode([Double].self, forKey: .latencySumMicros)
        latencyMaxMicros = try container.decode([UInt64].self, forKey: .latencyMaxMicros)
        let n = ok.count
        guard intervalMicros > 0, n <= Self.maxIntervals, errors.count == n, latencySumMicros.count == n, latencyMaxMicros.count == n,
              !ok.contains(where: { $0 < 0 }), !errors.contains(where: { $0 < 0 }),
              latencySumMicros.allSatisfy({ $0.isFinite && $0 >= 0 }) else {
            throw DecodingError.dataCorruptedError(forKey: .ok, in: container, debugDescription: "timeline columns disagree or hold bad values")
        }
    }
}
