import Synchronization

/// Latencies and outcomes of a load run, safe to record from any thread.
final class LatencyRecorder: Sendable {
    private let samples = Mutex<[UInt32]>([])   // microseconds
    private let errorCounts = Mutex<[String: Int]>([:])
    let completed = Atomic<Int>(0)
    let failed = Atomic<Int>(0)

    init(expected: Int) {
        samples.withLock { $0.reserveCapacity(min(expected, 10_000_000)) }
    }

    func record(_ result: Result<BridgeMessageLatency, BridgeErrorName>) {
        switch result {
        case .success(let latency):
            let micros = UInt32(clamping: Int(latency.duration.secondsDouble * 1_000_000))
            samples.withLock { $0.append(micros) }
            completed.add(1, ordering: .relaxed)
        case .failure(let error):
            errorCounts.withLock { $0[error.name, default: 0] += 1 }
            failed.add(1, ordering: .relaxed)
        }
    }

    var errors: [String: Int] { errorCounts.withLock { $0 } }

    /// p50, p95, p99 and max in milliseconds (nil with no samples).
    func percentiles() -> (p50: Double, p95: Double, p99: Double, max: Double)? {
        let sorted = samples.withLock { $0.sorted() }
        guard let last = sorted.last else { return nil }
        func at(_ fraction: Double) -> Double {
            let index = min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.up)) - 1)
            return Double(sorted[max(0, index)]) / 1000
        }
        return (at(0.50), at(0.95), at(0.99), Double(last) / 1000)
    }
}

struct BridgeMessageLatency: Sendable {
    let duration: Duration
}

/// An error reduced to its status name, for counting.
struct BridgeErrorName: Error, Sendable {
    let name: String
}
