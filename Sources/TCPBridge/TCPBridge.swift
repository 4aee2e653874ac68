import BridgeCore
import BridgeIO

/// A ``Bridge`` over the framed TCP transport (CONTRACT.md section 3), to a TCP address or a
/// Unix domain socket.
///
/// One persistent connection carries every call: requests go out as they are made and
/// answers are matched by `request_id`, in any order. `EVENT`s that answer no pending call
/// go to subscribers. When the connection drops, pending calls fail at once with
/// `UNAVAILABLE` and the bridge reconnects with backoff (on the next call, or by itself while
/// anyone is subscribed).
///
/// ```swift
/// let bridge = try TCPBridge(target: "127.0.0.1:9001")          // or "unix:/tmp/bridge.sock"
/// let reply = try await bridge.call(.request("PING"))
/// ```
public final class TCPBridge: Bridge {
    public let transport = "tcp"
    public let target: String
    /// The parsed `target` (host names are resolved once, here).
    public let address: SocketAddress
    /// The settings the bridge was made with.
    public let configuration: TCPBridgeConfiguration
    private let client: TCPClientConnection

    /// A bridge to `target` (`HOST:PORT`, `[::1]:PORT` or `unix:PATH`). Connecting is lazy:
    /// the first call connects.
    public init(target: String, configuration: TCPBridgeConfiguration = .defaults) throws(BridgeError) {
        do {
            address = try SocketAddress(parsing: target)
        } catch {
            throw BridgeError(.invalidArgument, "invalid target: \(error.operation)", transport: "tcp", target: target)
        }
        self.target = address.description
        self.configuration = configuration
        client = TCPClientConnection(address: address, configuration: configuration, loop: configuration.group.next())
    }

    deinit {
        client.shutdown()
    }

    public var callbackPool: CallbackPool { configuration.callbackPool }

    public func start(_ request: BridgeMessage, options: CallOptions) -> PendingCall {
        let call = PendingCall()
        client.submit(.unary(call), request: Self.identified(request), deadline: options.effectiveDeadline())
        return call
    }

    public func watch(_ request: BridgeMessage, options: CallOptions) -> BridgeStream {
        let stream = BridgeStream(pool: callbackPool)
        client.submit(.stream(stream), request: Self.identified(request), deadline: options.effectiveDeadline())
        return stream
    }

    /// Sends a message without waiting for an answer (answers, if any, go to subscribers).
    public func send(_ message: BridgeMessage) async throws(BridgeError) {
        let frame = Frame.encode(Self.identified(message))
        guard frame.count - Frame.headerSize <= configuration.maxFrameBytes else { throw client.tooLarge() }
        try await client.sendOneWay(frame)
    }

    public func subscribe(to type: String, _ handler: @escaping @Sendable (BridgeMessage) -> Void) -> Subscription {
        client.subscribe(type: type, handler: handler)
    }

    public func close() {
        client.shutdown()
    }

    /// The request with an id of its own when it had none.
    private static func identified(_ request: BridgeMessage) -> BridgeMessage {
        guard request.messageID.isEmpty else { return request }
        var request = request
        request.messageID = MessageID.next()
        return request
    }
}
