import BridgeIO
import Synchronization

extension Callbacks {
    /// Runs `operation` with a time limit: throws `DEADLINE_EXCEEDED` once `timeout` passes,
    /// cancelling the operation.
    ///
    /// Returns at the deadline even if the operation ignores cancellation: it keeps running in
    /// the background and its result is discarded (the same contract as a timed-out callback
    /// in a ``CallbackPool``), so a deadline is a promise to the caller. The operation's own
    /// errors are rethrown unchanged; cancelling the calling task cancels the operation and
    /// throws `CANCELLED`.
    public static func withTimeout<T: Sendable>(_ timeout: Duration,
                                                _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let gate = CallbackTimeoutGate<T>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                gate.install(continuation)
                let work = Task {
                    do {
                        gate.resolve(.success(try await operation()))
                    } catch {
                        gate.resolve(.failure(error))
                    }
                }
                let timer = Task {
                    do { try await Task.sleep(for: timeout) } catch { return }
                    gate.resolve(.failure(BridgeError.deadlineExceeded("operation timed out after \(timeout)")))
                }
                gate.onResolve {
                    work.cancel()
                    timer.cancel()
                }
            }
        } onCancel: {
            gate.resolve(.failure(BridgeError.cancelled("operation cancelled")))
        }
    }
}

/// Lets the first of several racing parties (the operation, the timer, the caller's
/// cancellation) resume one continuation, and runs clean-up once when that happens.
final class CallbackTimeoutGate<T: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<T, any Error>?
        var outcome: Result<T, any Error>?
        var resumed = false
        var cleanups: [@Sendable () -> Void] = []
    }

    private let state = Locked(State())

    /// Provides the continuation; resumes it at once if the race was decided before.
    func install(_ continuation: CheckedContinuation<T, any Error>) {
        let decided = state.withLock { state -> Result<T, any Error>? in
            guard let outcome = state.outcome else {
                state.continuation = continuation
                return nil
            }
            state.resumed = true
            return outcome
        }
        if let decided { continuation.resume(with: decided) }
    }

    /// Decides the race with `outcome` unless it was decided already; later calls are ignored.
    func resolve(_ outcome: Result<T, any Error>) {
        let actions = state.withLock { state -> (CheckedContinuation<T, any Error>?, [@Sendable () -> Void])? in
            guard state.outcome == nil else { return nil }
            state.outcome = outcome
            let continuation = state.resumed ? nil : state.continuation
            if continuation != nil { state.resumed = true }
            state.continuation = nil
            defer { state.cleanups = [] }
            return (continuation, state.cleanups)
        }
        guard let (continuation, cleanups) = actions else { return }
        continuation?.resume(with: outcome)
        for cleanup in cleanups { cleanup() }
    }

    /// Registers clean-up to run once the race is decided (at once if it already is).
    func onResolve(_ cleanup: @escaping @Sendable () -> Void) {
        let decided = state.withLock { state -> Bool in
            guard state.outcome != nil else {
                state.cleanups.append(cleanup)
                return false
            }
            return true
        }
        if decided { cleanup() }
    }
}
