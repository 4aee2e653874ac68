import BridgeIO
import Synchronization

/// A token bucket that throttles retries so they cannot amplify an outage, as gRPC's retry
/// throttling does.
///
/// Without a budget, every client that sees `UNAVAILABLE` retries `maxAttempts - 1` more times,
/// multiplying the load on a server that is already struggling. The bucket starts full with
/// `maxTokens`; every retryable failure takes one token, every success gives back
/// `tokenRatio`; retries are allowed only while more than half the tokens remain. Share one
/// budget among all calls to the same server.
public final class RetryBudget: Sendable {
    /// The bucket's capacity (and initial fill).
    public let maxTokens: Double
    /// Tokens returned by each success: the share of successes needed to earn one retry.
    public let tokenRatio: Double
    private let tokens: Locked<Double>

    /// A full bucket. `maxTokens` is clamped to `0.001...1000` and `tokenRatio` to `0...1`,
    /// the ranges gRPC accepts, so a bad configuration cannot disable the throttle by accident.
    public init(maxTokens: Double = 10, tokenRatio: Double = 0.1) {
        let capacity = maxTokens.isNaN ? 10 : min(1000, max(0.001, maxTokens))
        self.maxTokens = capacity
        self.tokenRatio = tokenRatio.isNaN ? 0.1 : min(1, max(0, tokenRatio))
        self.tokens = Locked(capacity)
    }

    /// The tokens currently in the bucket.
    public var availableTokens: Double { tokens.withLock { $0 } }

    /// Whether a failed call may be retried now: more than half the tokens remain.
    public var allowsRetry: Bool { tokens.withLock { $0 > maxTokens / 2 } }

    /// Records a retryable failure: takes one token (not below zero).
    public func recordFailure() {
        tokens.withLock { $0 = max(0, $0 - 1) }
    }

    /// Records a success: gives back `tokenRatio` tokens (not above `maxTokens`).
    public func recordSuccess() {
        tokens.withLock { $0 = min(maxTokens, $0 + tokenRatio) }
    }
}
