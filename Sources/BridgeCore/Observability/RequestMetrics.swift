import BridgeIO
import Synchronization

/// Counts of requests, errors and latencies per transport, for `GET /metrics`. Recording is a
/// short critical section per request; reading takes a consistent snapshot.
public final class RequestMetrics: Sendable {
    /// Upper bounds (seconds) of the latency histogram's buckets, Prometheus style (`le`).
    public static let latencyBuckets: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    /// What one transport has seen so far.
    public struct Series: Sendable, Equatable {
        /// Requests answered, errors included.
        public var requests = 0
        /// Requests answered with ERROR, by status name (`INVALID_ARGUMENT`...).
        public var errors: [String: Int] = [:]
        /// Cumulative counts per bucket of ``RequestMetrics/latencyBuckets`` (`le` semantics).
        public var bucketCounts = [Int](repeating: 0, count: RequestMetrics.latencyBuckets.count)
        /// The sum of all latencies in seconds (with the count, the histogram's mean).
        public var latencySum: Double = 0
    }

    /// Per transport, a ``Series`` whose `bucketCounts` hold each bucket's own count (not
    /// cumulative): recording then bumps one bucket rather than every bucket above the
    /// latency. ``snapshot()`` sums them up.
    private let series = Locked<[String: Series]>([:])

    /// Empty counters.
    public init() {}

    /// Records one finished request.
    public func record(transport: String, seconds: Double, errorCode: String?) {
        series.withLock { all in Self.add(&all[transport, default: Series()], seconds: seconds, errorCode: errorCode) }
    }

    /// Counts one request into `entry`, in place: copying the entry out and back would copy its
    /// bucket array on every request (the dictionary still holds the old one).
    private static func add(_ entry: inout Series, seconds: Double, errorCode: String?) {
        entry.requests += 1
        if let errorCode { entry.errors[errorCode, default: 0] += 1 }
        if let bucket = latencyBuckets.firstIndex(where: { seconds <= $0 }) { entry.bucketCounts[bucket] += 1 }
        entry.latencySum += seconds
    }

    /// Every transport's series, as of now.
    public func snapshot() -> [String: Series] {
        series.withLock { $0 }.mapValues { own in
            var series = own
            var total = 0
            for index in series.bucketCounts.indices {
                total += series.bucketCounts[index]
                series.bucketCounts[index] = total
            }
            return series
        }
    }
}
