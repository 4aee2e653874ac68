import BridgeCore
import BridgeIO

/// The server half of the framed TCP transport, over TCP or a Unix domain socket: accepts
/// connections, reads frames, hands each request to a ``MessageService`` and writes its answers.
public final class FramedServer: Sendable {
    private let server: StreamServer

    /// Binds `address` and starts serving `service` on `group`'s loops.
    public init(address: SocketAddress, group: EventLoopGroup, service: any MessageService,
                configuration: FramedServerConfiguration = .defaults) throws(IOError) {
        var limits = configuration.connectionLimits
        limits.maxBufferedInput = max(limits.maxBufferedInput, configuration.maxFrameBytes + Frame.headerSize)
        server = try StreamServer(address: address, group: group, limits: limits) { loop, registry in
            FramedServerConnection(loop: loop, service: service, configuration: configuration, registry: registry)
        }
    }

    /// The bound address (with the real port when port 0 was asked for).
    public var address: SocketAddress { server.address }

    /// Connections accepted and not yet closed.
    public var activeConnections: Int { server.activeConnections }

    /// Stops accepting, lets every connection finish what it has in flight (up to `grace`),
    /// then closes what is left. Blocks until done; call it off the event loops.
    public func shutdown(grace: Duration = .seconds(5)) {
        server.shutdown(grace: grace)
    }
}
