import BridgeCore
import BridgeIO

/// Settings of a ``TCPBridge``; start from ``defaults`` and change what you need.
public struct TCPBridgeConfiguration: Sendable {
    /// Sent in a `HELLO` frame before anything else when the server wants a token.
    public var token: String?
    /// Largest frame body sent or accepted.
    public var maxFrameBytes: Int
    /// How long connecting (and the HELLO handshake) may take.
    public var connectTimeout: Duration
    /// First delay before reconnecting after a failure; doubles up to ``maxReconnectDelay``,
    /// with jitter so many clients do not reconnect in step.
    public var initialReconnectDelay: Duration
    /// The longest the reconnect delay grows to, however many attempts have failed.
    public var maxReconnectDelay: Duration
    /// Calls in flight (sent or waiting to be sent) beyond which new calls fail with
    /// `RESOURCE_EXHAUSTED` instead of queueing without bound.
    public var maxPendingCalls: Int
    /// Where completion handlers, stream observers and subscribers run.
    public var callbackPool: CallbackPool
    /// The event loops the connection lives on.
    public var group: EventLoopGroup

    /// Settings with every value defaulted; name the ones to change.
    public init(token: String? = nil, maxFrameBytes: Int = Frame.defaultMaxBytes,
                connectTimeout: Duration = .seconds(5), initialReconnectDelay: Duration = .milliseconds(100),
                maxReconnectDelay: Duration = .seconds(5), maxPendingCalls: Int = 100_000,
                callbackPool: CallbackPool = .shared, group: EventLoopGroup = .shared) {
        self.token = token
        self.maxFrameBytes = maxFrameBytes
        self.connectTimeout = connectTimeout
        self.initialReconnectDelay = initialReconnectDelay
        self.maxReconnectDelay = maxReconnectDelay
        self.maxPendingCalls = maxPendingCalls
        self.callbackPool = callbackPool
        self.group = group
    }

    /// No token, 16 MiB frames, 5 s to connect, reconnects backing off from 100 ms to 5 s, the
    /// shared callback pool and event loops.
    public static var defaults: TCPBridgeConfiguration { TCPBridgeConfiguration() }
}
