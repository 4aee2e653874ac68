import BridgeIO

/// Settings of the framed TCP server, each bounding something a peer controls.
public struct FramedServerConfiguration: Sendable {
    /// Largest frame body accepted; a longer length gets `RESOURCE_EXHAUSTED` and a close.
    public var maxFrameBytes: Int
    /// When set, the first frame must be `HELLO` carrying this token (attribute `token`).
    public var token: String?
    /// Requests one connection may have in flight before the server stops reading from it.
    public var maxInFlightPerConnection: Int
    /// Socket buffer limits.
    public var connectionLimits: ConnectionLimits

    /// Settings with every value defaulted; name the ones to change.
    public init(maxFrameBytes: Int = Frame.defaultMaxBytes, token: String? = nil,
                maxInFlightPerConnection: Int = 1024, connectionLimits: ConnectionLimits = .defaults) {
        self.maxFrameBytes = maxFrameBytes
        self.token = token
        self.maxInFlightPerConnection = maxInFlightPerConnection
        self.connectionLimits = connectionLimits
    }

    /// 16 MiB frames, no token, and the default per-connection and listener limits.
    public static var defaults: FramedServerConfiguration { FramedServerConfiguration() }
}
