import BridgeIO
import Synchronization

/// The handlers registered with `Bridge.subscribe(to:)`, shared by every transport: add one,
/// hand a pushed message to those whose type matches (`"*"` matches all) on the callback pool.
public final class SubscriberRegistry: Sendable {
    private let entries = Locked<[UInt64: (type: String, handler: @Sendable (BridgeMessage) -> Void)]>([:])
    private let nextID = Atomic<UInt64>(1)
    private let pool: CallbackPool

    /// An empty registry whose handlers run on `pool`.
    public init(pool: CallbackPool) {
        self.pool = pool
    }

    /// Registers `handler`; cancelling the subscription removes it.
    public func add(type: String, _ handler: @escaping @Sendable (BridgeMessage) -> Void) -> Subscription {
        let id = nextID.add(1, ordering: .relaxed).oldValue
        entries.withLock { $0[id] = (type, handler) }
        return Subscription { [weak self] in _ = self?.entries.withLock { $0.removeValue(forKey: id) } }
    }

    /// True when nobody is subscribed (a transport then need not keep a connection open for pushes).
    public var isEmpty: Bool { entries.withLock { $0.isEmpty } }

    /// Runs every matching handler with `message` on the callback pool (never the caller's thread).
    public func deliver(_ message: BridgeMessage) {
        let handlers = entries.withLock { entries in
            entries.values.filter { $0.type == "*" || $0.type == message.type }.map(\.handler)
        }
        for handler in handlers { pool.submit { _ in handler(message) } }
    }
}
