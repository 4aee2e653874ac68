import BridgeIO
import HTTP2

/// Settings of the gRPC server.
public struct GRPCServerConfiguration: Sendable {
    /// Largest request message (RESOURCE_EXHAUSTED past it); default 4 MiB.
    public var maxMessageBytes: Int
    /// What we advertise in SETTINGS (100 concurrent streams, 16 KiB header lists...).
    public var http2Settings: HTTP2Settings
    public var connectionLimits: ConnectionLimits
    /// PINGs to each client so dead ones are closed (nil: none). Default every 2 minutes.
    public var keepalive: GRPCKeepalive?

    public init(maxMessageBytes: Int = 4 * 1024 * 1024, http2Settings: HTTP2Settings = .ours,
                connectionLimits: ConnectionLimits = .defaults, keepalive: GRPCKeepalive? = GRPCKeepalive(interval: .seconds(120))) {
        self.maxMessageBytes = maxMessageBytes
        self.keepalive = keepalive
        self.http2Settings = http2Settings
        self.connectionLimits = connectionLimits
    }

    public static var defaults: GRPCServerConfiguration { GRPCServerConfiguration() }
}

/// gRPC over cleartext HTTP/2 with prior knowledge (h2c), on our own HTTP/2 stack.
public final class GRPCServer: Sendable {
    private let server: StreamServer

    public init(address: SocketAddress, group: EventLoopGroup, router: GRPCRouter,
                configuration: GRPCServerConfiguration = .defaults) throws(IOError) {
        server = try StreamServer(address: address, group: group, limits: configuration.connectionLimits) { loop, registry in
            GRPCServerConnection(loop: loop, router: router, configuration: configuration, registry: registry)
        }
    }

    public var address: SocketAddress { server.address }
    public var activeConnections: Int { server.activeConnections }

    /// GOAWAY to every connection, let calls in flight finish (up to `grace`), then close.
    public func shutdown(grace: Duration = .seconds(5)) {
        server.shutdown(grace: grace)
    }
}
