/// Namespace for the async helpers of the callback runtime: ``withTimeout(_:_:)``,
/// ``run(timeout:_:)`` (the async error boundary), ``retry(policy:budget:sleep:operation:)``,
/// ``parallel(_:maxConcurrency:)`` and ``race(timeout:_:)``.
///
/// Static functions on an enum rather than free functions, so call sites read
/// `Callbacks.withTimeout(...)` and the names cannot clash with another module's helpers.
public enum Callbacks {
    /// The async error boundary: runs `operation` and returns its outcome instead of throwing.
    ///
    /// A thrown ``BridgeError`` passes through, a `CancellationError` becomes `CANCELLED`,
    /// anything else `UNKNOWN`; with a `timeout` the operation is cancelled and the outcome is
    /// `DEADLINE_EXCEEDED` once it passes (see ``withTimeout(_:_:)``). The duration is measured
    /// on the continuous clock from the start of the call to its outcome.
    public static func run<T: Sendable>(timeout: Duration? = nil,
                                        _ operation: @escaping @Sendable () async throws -> T) async -> CallbackOutcome<T> {
        let clock = ContinuousClock()
        let start = clock.now
        let result: Result<T, BridgeError>
        do {
            if let timeout {
                result = .success(try await withTimeout(timeout, operation))
            } else {
                result = .success(try await operation())
            }
        } catch {
            result = .failure(BridgeError(wrapping: error))
        }
        return CallbackOutcome(result: result, duration: start.duration(to: clock.now))
    }

    /// Runs `operation`, mapping any throw to a ``BridgeError``: the boundary the other
    /// helpers put around each operation they run.
    static func capture<T: Sendable>(_ operation: @Sendable () async throws -> T) async -> Result<T, BridgeError> {
        do {
            return .success(try await operation())
        } catch {
            return .failure(BridgeError(wrapping: error))
        }
    }
}
