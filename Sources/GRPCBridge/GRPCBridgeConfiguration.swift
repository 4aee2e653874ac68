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
    /// The event loops the HTTP/2 connection lives on.
    public var group: EventLoopGroup

    /// Settings with every value defaulted; name the ones to change.
    public init(token: String? = nil, maxMessageBytes: Int = 4 * 1024 * 1024, callbackPool: CallbackPool = .shared,
                group: EventLoopGroup = .shared) {
        self.token = token
        self.maxMessageBytes = maxMessageBytes
        self.callbackPool = callbackPool
        self.group = group
    }

    /// No token, 4 MiB messages, the shared callback pool and event loops.
    public static var defaults: GRPCBridgeConfiguration { GRPCBridgeConfiguration() }
}
