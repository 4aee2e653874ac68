import BridgeCore
import BridgeIO

/// Settings of a ``GRPCBridge``; start from ``defaults`` and change what you need.
public struct GRPCBridgeConfiguration: Sendable {
    /// Sent as `authorization: Bearer <token>` metadata.
    public var token: String?
    /// Largest response message accepted.
    public var maxMessageBytes: Int
    /// Where completion handlers, observers and subscribers run.
    public var callbackPool: CallbackPool
    public var group: EventLoopGroup

    public init(token: String? = nil, maxMessageBytes: Int = 4 * 1024 * 1024, callbackPool: CallbackPool = .shared,
                group: EventLoopGroup = .shared) {
        self.token = token
        self.maxMessageBytes = maxMessageBytes
        self.callbackPool = callbackPool
        self.group = group
    }

    public static var defaults: GRPCBridgeConfiguration { GRPCBridgeConfiguration() }
}
