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
    public var connectTimeout: Duration
    /// Where completion handlers and subscribers run.
    public var callbackPool: CallbackPool
    public var group: EventLoopGroup

    public init(token: String? = nil, path: String = "/validate", maxConnections: Int = 8,
                connectTimeout: Duration = .seconds(5), callbackPool: CallbackPool = .shared, group: EventLoopGroup = .shared) {
        self.token = token
        self.path = path
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.callbackPool = callbackPool
        self.group = group
    }

    public static var defaults: HTTPBridgeConfiguration { HTTPBridgeConfiguration() }
}
