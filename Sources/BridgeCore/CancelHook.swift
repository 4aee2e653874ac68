import BridgeIO
import Synchronization

/// What cancelling something does on the wire, run at most once, from any thread.
public final class CancelHook: Sendable {
    private let handler: Locked<(@Sendable () -> Void)?>

    /// A hook that runs `handler` when fired (nothing until ``set(_:)`` when nil).
    public init(_ handler: (@Sendable () -> Void)? = nil) {
        self.handler = Locked(handler)
    }

    /// Replaces the action.
    public func set(_ action: @escaping @Sendable () -> Void) {
        handler.withLock { $0 = action }
    }

    /// Forgets the action without running it (the thing finished on its own).
    public func clear() {
        handler.withLock { $0 = nil }
    }

    /// Runs the action if it has not run or been cleared; true when it ran.
    @discardableResult
    public func fire() -> Bool {
        let action = handler.withLock { action -> (@Sendable () -> Void)? in
            let taken = action
            action = nil
            return taken
        }
        action?()
        return action != nil
    }

    /// True once fired or cleared.
    public var isSpent: Bool { handler.withLock { $0 == nil } }
}
