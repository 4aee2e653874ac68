import BridgeIO
import HTTP1

/// Settings of the HTTP/1.1 server, each bounding something a client controls.
public struct HTTPServerConfiguration: Sendable {
    /// Request line, header and body limits (414, 431, 413).
    public var limits: HTTP1Limits
    /// A request head must be complete this long after its first byte, or the connection gets
    /// 408 and is closed: a slow client (slowloris) cannot hold a connection open forever.
    public var headerTimeout: Duration
    /// A keep-alive connection with no request in progress is closed after this long.
    public var idleTimeout: Duration
    /// Pipelined requests one connection may have waiting for answers before reading pauses.
    public var maxPipelinedRequests: Int
    /// Limits on the listener and each accepted connection (count, buffering, idle and stall timeouts).
    public var connectionLimits: ConnectionLimits

    /// Settings with every value defaulted; name the ones to change.
    public init(limits: HTTP1Limits = .defaults, headerTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60),
                maxPipelinedRequests: Int = 64, connectionLimits: ConnectionLimits = .defaults) {
        self.limits = limits
        self.headerTimeout = headerTimeout
        self.idleTimeout = idleTimeout
        self.maxPipelinedRequests = maxPipelinedRequests
        self.connectionLimits = connectionLimits
    }

    /// Default HTTP/1.1 limits, 10 s for a request head, 60 s idle, 64 pipelined requests, the
    /// default connection limits.
    public static var defaults: HTTPServerConfiguration { HTTPServerConfiguration() }
}
