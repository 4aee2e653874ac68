import BridgeIO
import Synchronization

extension CallbackPool {
    /// Runs a callback returning a value in the pool and awaits its outcome.
    ///
    /// The error boundary: a throw becomes `.failure` (a ``BridgeError`` passes through, other
    /// errors become `UNKNOWN` via ``BridgeError/init(wrapping:)``); the timeout, counted from
    /// now, yields `DEADLINE_EXCEEDED`; cancelling the awaiting task cancels the callback (it
    /// never runs if still queued, its context reports cancelled if running) and yields
    /// `CANCELLED` at once.
    public func run<T: Sendable>(timeout: Duration? = nil,
                                 _ body: @escaping @Sendable (CallbackContext) throws -> T) async -> CallbackOutcome<T> {
        if Task.isCancelled {
            return CallbackOutcome(result: .failure(.cancelled("callback cancelled before it was submitted")))
        }
        let slot = CallbackValueSlot<T>()
        let ticket = submit(timeout: timeout) { context in slot.store(try body(context)) }
        let outcome = await withTaskCancellationHandler {
            await ticket.settled()
        } onCancel: {
            ticket.cancel()
        }
        switch outcome.result {
        case .success:
            // The body stored its value before returning, and the ticket settles only after.
            guard let value = slot.take() else {
                return CallbackOutcome(result: .failure(.internal("callback value missing")), duration: outcome.duration)
            }
            return CallbackOutcome(result: .success(value), duration: outcome.duration)
        case .failure(let error):
            return CallbackOutcome(result: .failure(error), duration: outcome.duration)
        }
    }
}

/// Carries a callback's return value from the worker thread to the task awaiting it.
final class CallbackValueSlot<T: Sendable>: Sendable {
    private let value = Locked<T?>(nil)

    func store(_ newValue: T) {
        value.withLock { $0 = newValue }
    }

    func take() -> T? {
        value.withLock { current in
            defer { current = nil }
            return current
        }
    }
}
