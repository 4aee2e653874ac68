import BridgeCore
import BridgeIO
import HTTP1

/// An HTTP/1.1 server over TCP or a Unix socket, handing whole requests to a
/// ``HTTPRequestHandler``.
public final class HTTPServer: Sendable {
    private let server: StreamServer

    /// Binds `address` (port 0: a free one, see ``address``) and starts serving on `group`'s loops,
    /// each request going to `handler`. Throws when the address cannot be bound.
    public init(address: SocketAddress, group: EventLoopGroup, handler: any HTTPRequestHandler,
                configuration: HTTPServerConfiguration = .defaults) throws(IOError) {
        var limits = configuration.connectionLimits
        limits.maxBufferedInput = max(limits.maxBufferedInput, configuration.limits.maxHeaderBytes + configuration.limits.maxRequestLineBytes + 1024)
        server = try StreamServer(address: address, group: group, limits: limits) { loop, registry in
            HTTPServerConnection(loop: loop, handler: handler, configuration: configuration, registry: registry)
        }
    }

    /// The bound address (with the real port when port 0 was asked for).
    public var address: SocketAddress { server.address }

    /// Connections accepted and not yet closed.
    public var activeConnections: Int { server.activeConnections }

    /// Stops accepting, finishes what is in flight (up to `grace`), then closes the rest.
    public func shutdown(grace: Duration = .seconds(5)) {
        server.shutdown(grace: grace)
    }
}
