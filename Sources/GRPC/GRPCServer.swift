import BridgeIO
import HTTP2

/// Settings of the gRPC server.
public struct GRPCServerConfiguration: Sendable {
    /// Largest request message (RESOURCE_EXHAUSTED past it); default 4 MiB.
    public var maxMessageBytes: Int
    /// What we advertise in SETTINGS (100 concurrent streams, 16 KiB header lists...).
    public var http2Settings: HTTP2Settings
    /// Limits on the listener and each accepted connection (count, buffering, idle and stall timeouts).
    public var connectionLimits: ConnectionLimits
    /// PINGs to each client so dead ones are closed (nil: none). Default every 2 minutes.
    public var keepalive: GRPCKeepalive?
    /// Response bytes one connection may hold for flow-control windows its peer keeps shut
    /// (a zero-window reader); past it the connection gets GOAWAY(ENHANCE_YOUR_CALM) and is
    /// closed. Default 16 MiB. How long such a window may stay shut is
    /// ``ConnectionLimits/stallTimeout``.
    public var maxBlockedBytes: Int
    /// Rates of RST_STREAM, PING and SETTINGS a peer may send (rapid reset, floods).
    public var floodLimits: HTTP2FloodLimits
    /// Bytes of unfinished request messages one connection may hold across its streams
    /// (each may be up to ``maxMessageBytes``); past it GOAWAY(ENHANCE_YOUR_CALM). Default 16 MiB.
    public var maxPartialRequestBytes: Int

    /// Settings with every value defaulted; name the ones to change.
    public init(maxMessageBytes: Int = 4 * 1024 * 1024, http2Settings: HTTP2Settings = .ours,
                connectionLimits: ConnectionLimits = .defaults, keepalive: GRPCKeepalive? = GRPCKeepalive(interval: .seconds(120)),
                maxBlockedBytes: Int = 16 * 1024 * 1024, floodLimits: HTTP2FloodLimits = .defaults,
                maxPartialRequestBytes: Int = 16 * 1024 * 1024) {
        self.maxMessageBytes = maxMessageBytes
        self.maxPartialRequestBytes = maxPartialRequestBytes
        self.maxBlockedBytes = maxBlockedBytes
        self.floodLimits = floodLimits
        self.keepalive = keepalive
        self.http2Settings = http2Settings
        self.connectionLimits = connectionLimits
    }

    /// 4 MiB messages, our HTTP/2 SETTINGS, the default connection limits, keepalive every 2
    /// minutes, 16 MiB blocked and partial bytes, the default flood limits.
    public static var defaults: GRPCServerConfiguration { GRPCServerConfiguration() }
}

/// gRPC over cleartext HTTP/2 with prior knowledge (h2c), on our own HTTP/2 stack.
public final class GRPCServer: Sendable {
    private let server: StreamServer

    /// Binds `address` (port 0: a free one) and serves the methods `router` knows on `group`'s loops.
    public init(address: SocketAddress, group: EventLoopGroup, router: GRPCRouter,
                configuration: GRPCServerConfiguration = .defaults) throws(IOError) {
        server = try StreamServer(address: address, group: group, limits: configuration.connectionLimits) { loop, registry in
            GRPCServerConnection(loop: loop, router: router, configuration: configuration, registry: registry)
        }
    }

    /// The bound address (with the real port when port 0 was asked for).
    public var address: SocketAddress { server.address }
    /// Connections accepted and not yet closed.
    public var activeConnections: Int { server.activeConnections }

    /// GOAWAY to every connection, let calls in flight finish (up to `grace`), then close.
    public func shutdown(grace: Duration = .seconds(5)) {
        server.shutdown(grace: grace)
    }
}
