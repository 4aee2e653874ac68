import Dispatch
import Synchronization

/// A server-side connection handler that a graceful shutdown can drain.
public protocol DrainableConnection: AnyObject, Sendable {
    /// The loop the handler lives on; ``drain()`` and ``forceClose()`` are called there.
    var loop: EventLoop { get }
    /// Stop reading, finish what is in flight, then close.
    func drain()
    /// Close now.
    func forceClose()
}

/// The live connections of a server, so shutdown can drain them.
public final class ConnectionRegistry: Sendable {
    private let connections = Locked<[ObjectIdentifier: any DrainableConnection]>([:])

    /// An empty registry.
    public init() {}

    /// Records a connection that became active.
    public func add(_ connection: any DrainableConnection) {
        connections.withLock { $0[ObjectIdentifier(connection)] = connection }
    }

    /// Forgets a connection that closed.
    public func remove(_ connection: any DrainableConnection) {
        _ = connections.withLock { $0.removeValue(forKey: ObjectIdentifier(connection)) }
    }

    /// Connections registered now.
    public var count: Int { connections.withLock { $0.count } }

    var all: [any DrainableConnection] { connections.withLock { Array($0.values) } }
}

/// A listener plus the registry of its connections: the lifecycle every transport's server
/// shares (framed TCP, HTTP), so graceful shutdown is written once.
public final class StreamServer: Sendable {
    /// The bound address (with the real port when port 0 was asked for).
    public let address: SocketAddress
    /// The server's live connections.
    public let registry = ConnectionRegistry()
    private let listener: Listener

    /// Binds `address`; `makeHandler` builds each connection's handler on its loop, given the
    /// registry to join (handlers add themselves when active and remove themselves when closed).
    public init(address: SocketAddress, group: EventLoopGroup, limits: ConnectionLimits,
                makeHandler: @escaping @Sendable (EventLoop, ConnectionRegistry) -> any ConnectionHandler) throws(IOError) {
        let registry = self.registry
        listener = try Listener(address: address, group: group, limits: limits) {
            guard let loop = EventLoop.current else { return RejectingHandler() }
            return makeHandler(loop, registry)
        }
        self.address = listener.address
    }

    /// Connections accepted and not yet closed.
    public var activeConnections: Int { registry.count }

    /// Stops accepting, lets every connection finish what it has in flight (up to `grace`),
    /// then closes what is left. Blocks until done; call it off the event loops.
    public func shutdown(grace: Duration) {
        listener.close()
        for connection in registry.all {
            connection.loop.execute { connection.drain() }
        }
        let deadline = ContinuousClock.now + grace
        while registry.count > 0 && ContinuousClock.now < deadline {
            let pause = DispatchSemaphore(value: 0)
            _ = pause.wait(timeout: .now() + .milliseconds(5))
        }
        for connection in registry.all {
            connection.loop.execute { connection.forceClose() }
        }
    }
}

/// Closes a connection accepted where no loop is current (cannot happen; a safe default).
final class RejectingHandler: ConnectionHandler {
    func connectionRead(_ connection: Connection, _ bytes: UnsafeRawBufferPointer) -> Int {
        connection.close()
        return bytes.count
    }
    func connectionClosed(_ connection: Connection, error: IOError?) {}
}
