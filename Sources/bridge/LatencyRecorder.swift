import BridgeIO
import LoadReport
import Synchronization

/// Latencies and outcomes of a load run, safe to record from any thread.
final class LatencyRecorder: Sendable {
    private let samples = Locked<[UInt32]>([])   // microseconds
    private let errorCounts = Locked<[String: Int]>([:])
    /// The first error of each kind, whole (message, target, hint), for the summary.
    private let firstErrors = Locked<[String: String]>([:])
    let completed = Atomic<Int>(0)
    let failed = Atomic<Int>(0)
    /// The run as `--report` draws it (a histogram and per-100 ms counts, so bounded), when asked for.
    private let reportRun: Locked<LoadRunRecord?>
    private let reporting: Bool
    /// Completion times in the report are measured from here (the end of any warm-up).
    let origin: ContinuousClock.Instant

    init(expected: Int, origin: ContinuousClock.Instant = .now, report: LoadRunRecord? = nil) {
        self.origin = origin
        samples.withLock { $0.reserveCapacity(min(expected, 10_000_000)) }
        reportRun = Locked(report)
        reporting = report != nil
    }

    /// Records one call's outcome; `end` is when it completed.
    func record(_ result: Result<BridgeMessageLatency, BridgeErrorName>, completedAt end: ContinuousClock.Instant = .now) {
        switch result {
        case .success(let latency):
            let micros = latency.duration.wholeMicroseconds
            samples.withLock { $0.append(UInt32(clamping: micros)) }
            completed.add(1, ordering: .relaxed)
            if reporting {
                let at = (end - origin).wholeMicroseconds
                reportRun.withLock { $0?.recordSuccess(latencyMicros: micros, atMicros: at) }
            }
        case .failure(let error):
            errorCounts.withLock { $0[error.name, default: 0] += 1 }
            failed.add(1, ordering: .relaxed)
            if reporting {
                let at = (end - origin).wholeMicroseconds
                reportRun.withLock { $0?.recordFailure(code: error.name, atMicros: at) }
            }
        }
    }

    var errors: [String: Int] { errorCounts.withLock { $0 } }
    var firstErrorDescriptions: [String: String] { firstErrors.withLock { $0 } }

    /// Keeps `description` if it is the first error named `name`.
    func noteFirst(_ name: String, _ description: @autoclosure () -> String) {
        firstErrors.withLock { if $0[name] == nil { $0[name] = description() } }
    }

    /// The run for the report, its duration set; nil when no report was asked for.
    func reportRecord(duration: Duration) -> LoadRunRecord? {
        reportRun.withLock { run in
            run?.durationSeconds = Double(duration.wholeMicroseconds) / 1e6
            return run
        }
    }

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

extension Duration {
    /// Whole microseconds, 0 for a negative duration.
    var wholeMicroseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { return .max }
        let fraction = attoseconds > 0 ? UInt64(attoseconds / 1_000_000_000_000) : 0
        return whole > .max - fraction ? .max : whole + fraction
    }
}
