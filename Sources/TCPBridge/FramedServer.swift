import BridgeCore
import BridgeIO
import Dispatch

/// The server half of the framed TCP transport, over TCP or a Unix domain socket: accepts
/// connections, reads frames, hands each request to a ``MessageService`` and writes its answers.
public final class FramedServer: Sendable {
    public let address: SocketAddress
    private let listener: Listener
    private let registry = ConnectionRegistry()

    /// Binds `address` and starts serving `service` on `group`'s loops.
    public init(address: SocketAddress, group: EventLoopGroup, service: any MessageService,
                configuration: FramedServerConfiguration = .defaults) throws(IOError) {
        let registry = self.registry
        var limits = configuration.connectionLimits
        limits.maxBufferedInput = max(limits.maxBufferedInput, configuration.maxFrameBytes + Frame.headerSize)
        listener = try Listener(address: address, group: group, limits: limits) {
            guard let loop = EventLoop.current else { return RejectingHandler() }
            return FramedServerConnection(loop: loop, service: service, configuration: configuration, registry: registry)
        }
        self.address = listener.address
    }

    /// Connections accepted and not yet closed.
    public var activeConnections: Int { registry.count }

    /// Stops accepting, lets every connection finish what it has in flight (up to `grace`),
    /// then closes what is left. Blocks until done; call it off the event loops.
    public func shutdown(grace: Duration = .seconds(5)) {
        listener.close()
        for connection in registry.all {
            connection.loop.execute { connection.drain() }
        }
        let deadline = ContinuousClock.now + grace
        while registry.count > 0 && ContinuousClock.now < deadline {
            usleepMilliseconds(10)
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

func usleepMilliseconds(_ milliseconds: Int) {
    let semaphore = DispatchSemaphore(value: 0)
    _ = semaphore.wait(timeout: .now() + .milliseconds(milliseconds))
}
