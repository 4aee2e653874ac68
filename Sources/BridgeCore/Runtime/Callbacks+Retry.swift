extension Callbacks {
    /// Calls `operation` until it succeeds, retrying retryable failures with backoff.
    ///
    /// - Parameters:
    ///   - policy: attempts, backoff and which status codes are retryable.
    ///   - budget: an optional shared ``RetryBudget``; when it is exhausted the failure is
    ///     thrown instead of retried, so retries cannot amplify an outage.
    ///   - random: the source of jitter; inject a seeded generator for deterministic delays.
    ///   - sleep: how to wait between attempts (default `Task.sleep`); inject a recorder in tests.
    ///   - operation: the call, given the attempt number (1 for the first attempt).
    /// - Throws: always a ``BridgeError``: a non-retryable failure at once (a non-BridgeError
    ///   becomes `UNKNOWN`), the last failure once attempts or budget run out, `CANCELLED`
    ///   when the calling task is cancelled (also during a backoff).
    public static func retry<T: Sendable, Generator: RandomNumberGenerator>(
        policy: RetryPolicy = .defaults,
        budget: RetryBudget? = nil,
        random: Generator,
        sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        operation: @Sendable (_ attempt: Int) async throws -> T
    ) async throws -> T {
        var delays = RetryDelaySequence(policy: policy, generator: random).makeIterator()
        var attempt = 1
        while true {
            if Task.isCancelled { throw BridgeError.cancelled("retry cancelled before attempt \(attempt)") }
            let failure: BridgeError
            do {
                let value = try await operation(attempt)
                budget?.recordSuccess()
                return value
            } catch {
                failure = BridgeError(wrapping: error)
            }
            guard policy.isRetryable(failure) else { throw failure }
            budget?.recordFailure()
            guard attempt < policy.maxAttempts, let delay = delays.next() else { throw failure }
            if let budget, !budget.allowsRetry { throw failure }
            do {
                try await sleep(delay)
            } catch {
                throw BridgeError(wrapping: error)
            }
            attempt += 1
        }
    }

    /// ``retry(policy:budget:random:sleep:operation:)`` with the system's random numbers for
    /// jitter: the form production code uses.
    public static func retry<T: Sendable>(
        policy: RetryPolicy = .defaults,
        budget: RetryBudget? = nil,
        sleep: @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        operation: @Sendable (_ attempt: Int) async throws -> T
    ) async throws -> T {
        try await retry(policy: policy, budget: budget, random: SystemRandomNumberGenerator(),
                        sleep: sleep, operation: operation)
    }
}
