import BridgeIO
import Synchronization

/// Handed to a running callback so it can observe cancellation and timeout cooperatively.
///
/// Synchronous code cannot be pre-empted, so a long callback should poll ``isCancelled`` (or
/// call ``checkCancellation()``) between steps: once its ticket is cancelled or its timeout has
/// passed, nobody is waiting for its result any more and the work is wasted.
public final class CallbackContext: Sendable {
    private let reason = Locked<BridgeError?>(nil)

    /// When the callback's timeout passes, if it has one; lets a callback size its own work
    /// (for example pass the remaining time on to a call it makes).
    public let deadline: ContinuousClock.Instant?

    init(deadline: ContinuousClock.Instant? = nil) {
        self.deadline = deadline
    }

    /// True once the callback was cancelled or its timeout passed: its result will be ignored.
    public var isCancelled: Bool { reason.withLock { $0 != nil } }

    /// Why the callback was stopped: a `CANCELLED` or `DEADLINE_EXCEEDED` ``BridgeError``;
    /// nil while it may still run to completion.
    public var cancellationReason: BridgeError? { reason.withLock { $0 } }

    /// Throws when the callback should stop: `CANCELLED` after a cancellation,
    /// `DEADLINE_EXCEEDED` after a timeout. A one-line way out of a long loop.
    public func checkCancellation() throws {
        if let reason = cancellationReason { throw reason }
    }

    /// Marks the context stopped; the first reason wins. Returns whether this call stopped it.
    @discardableResult
    func cancel(_ why: BridgeError) -> Bool {
        reason.withLock { current in
            guard current == nil else { return false }
            current = why
            return true
        }
    }
}
