import Foundation

/// How to retry a failed call: how many attempts, how long to back off between them, and
/// which failures are worth retrying at all.
///
/// Modelled on gRPC's retry policy: exponential backoff `initialBackoff * multiplier^n`,
/// capped at `maxBackoff`, randomised by ``Jitter`` so that clients which failed together do
/// not retry together. Only transient codes are retried by default; retrying
/// `INVALID_ARGUMENT` would just repeat the same mistake.
public struct RetryPolicy: Sendable, Equatable {
    /// How a backoff delay is randomised below its cap.
    public enum Jitter: Sendable, Equatable {
        /// Exactly the cap: predictable, but synchronised clients retry in lock-step.
        case none
        /// Uniform in `0...cap` ("full jitter"): spreads retries best, the default.
        case full
        /// Uniform in `cap/2...cap`: keeps a minimum wait while still spreading retries.
        case equal
    }

    /// Attempts in total, the first included; 1 means "never retry". Values below 1 count as 1.
    public var maxAttempts: Int
    /// The cap of the delay before the first retry.
    public var initialBackoff: Duration
    /// The largest cap any delay can have.
    public var maxBackoff: Duration
    /// How much the cap grows per retry; values below 1 count as 1 (no shrinking backoff).
    public var multiplier: Double
    /// How each delay is drawn below its cap.
    public var jitter: Jitter
    /// The status codes worth another attempt.
    public var retryableCodes: Set<StatusCode>

    /// A policy; every parameter has the default of ``defaults``.
    public init(maxAttempts: Int = 4,
                initialBackoff: Duration = .milliseconds(100),
                maxBackoff: Duration = .seconds(5),
                multiplier: Double = 2,
                jitter: Jitter = .full,
                retryableCodes: Set<StatusCode> = [.unavailable, .resourceExhausted, .aborted]) {
        self.maxAttempts = maxAttempts
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.multiplier = multiplier
        self.jitter = jitter
        self.retryableCodes = retryableCodes
    }

    /// 4 attempts, backoff 100 ms doubling up to 5 s, full jitter, retrying `UNAVAILABLE`,
    /// `RESOURCE_EXHAUSTED` and `ABORTED`: a few quick retries that ride out a restart
    /// without hammering a server that is down.
    public static var defaults: RetryPolicy { RetryPolicy() }

    /// A policy that makes one attempt only.
    public static var never: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// Whether `error` is worth another attempt under this policy.
    public func isRetryable(_ error: BridgeError) -> Bool {
        retryableCodes.contains(error.code)
    }

    /// The cap of the delay before retry number `retry` (0 for the first retry):
    /// `min(maxBackoff, initialBackoff * multiplier^retry)`, never negative.
    public func backoffCap(forRetry retry: Int) -> Duration {
        RuntimeTime.duration(nanoseconds: backoffCapNanoseconds(forRetry: retry))
    }

    /// The delay before retry number `retry` (0 for the first): the cap with this policy's
    /// jitter applied. Reconnects and webhook redelivery use it, so every backoff in the
    /// toolkit follows one formula.
    public func delay<G: RandomNumberGenerator>(forRetry retry: Int, using generator: inout G) -> Duration {
        let cap = backoffCapNanoseconds(forRetry: retry)
        let nanos: Double
        switch jitter {
        case .none: nanos = cap
        case .full: nanos = Double.random(in: 0...cap, using: &generator)
        case .equal: nanos = cap / 2 + Double.random(in: 0...(cap / 2), using: &generator)
        }
        // Rounding down keeps every delay within its cap; the final clamp guards the
        // sub-nanosecond error of converting very large durations through a Double.
        return min(RuntimeTime.duration(nanoseconds: nanos), max(.zero, maxBackoff))
    }

    /// ``delay(forRetry:using:)`` with the system's random numbers.
    public func delay(forRetry retry: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(forRetry: retry, using: &generator)
    }

    /// The cap in nanoseconds, computed in floating point so large exponents saturate at
    /// `maxBackoff` instead of overflowing.
    func backoffCapNanoseconds(forRetry retry: Int) -> Double {
        let ceiling = max(0, RuntimeTime.nanoseconds(maxBackoff))
        let initial = max(0, RuntimeTime.nanoseconds(initialBackoff))
        let growth = pow(max(1, multiplier), Double(max(0, retry)))
        let cap = initial * growth
        return cap.isNaN ? ceiling : min(ceiling, cap)
    }
}
