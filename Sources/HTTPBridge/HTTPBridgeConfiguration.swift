import BridgeCore
import BridgeIO

/// Settings of an ``HTTPBridge``; start from ``defaults`` and change what you need.
public struct HTTPBridgeConfiguration: Sendable {
    /// Sent as `Authorization: Bearer <token>`.
    public var token: String?
    /// The route calls are POSTed to.
    public var path: String
    /// Keep-alive connections to the server at most.
    public var maxConnections: Int
    /// How long opening a connection may take before the call fails with `UNAVAILABLE`.
    public var connectTimeout: Duration
    /// The secret the server signs webhooks with (`--webhook-secret`); deliveries to the
    /// embedded receiver must carry a valid signature when set.
    public var webhookSecret: String?
    /// Where the embedded webhook receiver listens (a free loopback port by default).
    public var webhookAddress: String
    /// Where completion handlers and subscribers run.
    public var callbackPool: CallbackPool
    /// The event loops the connections (and the webhook receiver) live on.
    public var group: EventLoopGroup

    /// Settings with every value defaulted; name the ones to change.
    public init(token: String? = nil, path: String = "/validate", maxConnections: Int = 8,
                connectTimeout: Duration = .seconds(5), webhookSecret: String? = nil, webhookAddress: String = "127.0.0.1:0",
                callbackPool: CallbackPool = .shared, group: EventLoopGroup = .shared) {
        self.webhookSecret = webhookSecret
        self.webhookAddress = webhookAddress
        self.token = token
        self.path = path
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.callbackPool = callbackPool
        self.group = group
    }

    /// No token, `/validate`, 8 connections, 5 s to connect, no webhook secret, the receiver on a
    /// free loopback port, the shared callback pool and event loops.
    public static var defaults: HTTPBridgeConfiguration { HTTPBridgeConfiguration() }
}
