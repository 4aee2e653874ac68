import Dispatch

/// A one-shot, cancellable timer for callback timeouts.
///
/// Timers fire on one private serial queue: Dispatch serves serial queues from its overcommit
/// threads, so a timeout fires on time even while every pool lane is blocked in user code.
/// Cancelling a settled callback's timer frees its pending block at once instead of leaving
/// it queued until a possibly distant deadline.
struct CallbackTimer: @unchecked Sendable {
    // @unchecked: DispatchWorkItem is not annotated Sendable, but `perform`, `cancel` and
    // scheduling are thread-safe by Dispatch's contract, and the item is never mutated.
    private let item: DispatchWorkItem

    private static let queue = DispatchQueue(label: "IPCBridge.CallbackRuntime.timers")

    init(_ fire: @escaping @Sendable () -> Void) {
        item = DispatchWorkItem(block: fire)
    }

    /// Fires the timer once `delay` has passed, unless cancelled first.
    func schedule(after delay: Duration) {
        Self.queue.asyncAfter(deadline: RuntimeTime.dispatchTime(after: delay), execute: item)
    }

    /// Stops the timer from firing; harmless after it fired.
    func cancel() {
        item.cancel()
    }
}
