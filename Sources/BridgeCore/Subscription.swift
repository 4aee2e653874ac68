/// A registration for messages the server pushes; cancel it to stop receiving them.
public final class Subscription: Sendable {
    private let hook: CancelHook

    /// A subscription that runs `onCancel` (the transport's unregistering) on the first ``cancel()``.
    public init(onCancel: @escaping @Sendable () -> Void) {
        hook = CancelHook(onCancel)
    }

    /// Stops delivery. Idempotent.
    public func cancel() { hook.fire() }

    /// True once cancelled.
    public var isCancelled: Bool { hook.isSpent }
}
