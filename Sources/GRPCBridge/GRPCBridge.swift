import BridgeCore
import BridgeIO
import GRPC
import Protobuf
import Synchronization

/// A ``Bridge`` over gRPC (CONTRACT.md section 4), on our own HTTP/2: unary calls go to
/// `Validate` (`Echo` for ECHO messages), `watch` to `Watch`, ``stream(options:)`` to
/// `ValidateStream` and ``validateBatch(_:options:)`` to `ValidateBatch`; every call shares one
/// HTTP/2 connection. A non-OK status is thrown as a ``BridgeError`` with its code and message.
///
/// ```swift
/// let bridge = try GRPCBridge(target: "127.0.0.1:50051")
/// let reply = try await bridge.call(.request("PING"))
/// ```
public final class GRPCBridge: Bridge {
    public let transport = "grpc"
    public let target: String
    /// The settings the bridge was made with.
    public let configuration: GRPCBridgeConfiguration
    let client: GRPCClient
    private let subscribers: SubscriberRegistry

    static let service = "/ipcbridge.v1.Validation/"

    /// A bridge to `target`: `HOST:PORT`, `http://HOST:PORT` or `unix:PATH`.
    public init(target: String, configuration: GRPCBridgeConfiguration = .defaults) throws(BridgeError) {
        var text = target
        if text.hasPrefix("http://") { text = String(text.dropFirst(7)) }
        let address: SocketAddress
        do {
            address = try SocketAddress(parsing: text)
        } catch {
            throw BridgeError(.invalidArgument, "invalid target: \(error.operation)", transport: "grpc", target: target)
        }
        self.target = address.description
        self.configuration = configuration
        subscribers = SubscriberRegistry(pool: configuration.callbackPool)
        client = GRPCClient(address: address, maxMessageBytes: configuration.maxMessageBytes, group: configuration.group)
    }

    deinit {
        client.close()
    }

    public var callbackPool: CallbackPool { configuration.callbackPool }

    func metadata(_ options: CallOptions) -> GRPCMetadata {
        var metadata = GRPCMetadata()
        if let token = configuration.token { metadata.add("authorization", "Bearer \(token)") }
        for (key, value) in options.metadata {
            if key.hasSuffix("-bin"), let bytes = Base64.decode(value) { metadata.add(key, binary: bytes) } else { metadata.add(key, value) }
        }
        return metadata
    }

    func error(_ status: GRPCStatus) -> BridgeError {
        BridgeError(status.code, status.message, transport: "grpc", target: target)
    }

    static func timeout(_ options: CallOptions) -> Duration? {
        options.effectiveDeadline().map { $0 - .now }
    }

    /// A BridgeMessage call is a call by method name to `Validate` (`Echo` for ECHO messages)
    /// whose request and response are BridgeMessages in their binary form.
    public func start(_ request: BridgeMessage, options: CallOptions) -> PendingCall {
        var request = request
        if request.messageID.isEmpty { request.messageID = MessageID.next() }
        let method = request.type == MessageType.echo ? "Echo" : "Validate"
        // Straight to the wire rather than through a MethodCall: the same bytes and decoding,
        // without six closures allocated per call on the hottest path.
        return startUnary(path: Self.service + method, request: request.protobufBytes(), options: options) { bytes throws(BridgeError) in
            do {
                return try BridgeMessage(protobuf: bytes)
            } catch {
                throw BridgeError(.internal, "the answer from \(Self.service + method) is not a BridgeMessage: \(error)")
            }
        }
    }

    /// A call by method name over gRPC: the request's protobuf bytes to the method's path, one
    /// response message back; a non-OK status fails it with that code and message.
    public func start<Response: Sendable>(_ call: MethodCall<Response>, options: CallOptions) -> PendingResult<Response> {
        startUnary(path: call.path, request: call.requestBytes(), options: options, decode: call.responseFromBytes)
    }

    /// One unary call: `request` to `path`, the one response message through `decode`.
    private func startUnary<Response: Sendable>(path: String, request: [UInt8], options: CallOptions,
                                                decode: @escaping @Sendable ([UInt8]) throws(BridgeError) -> Response) -> PendingResult<Response> {
        let pending = PendingResult<Response>()
        if let timeout = Self.timeout(options), timeout <= .zero {
            pending.complete(.failure(BridgeError(.deadlineExceeded, "deadline passed before the call started", transport: "grpc", target: target)))
            return pending
        }
        let grpcCall = client.unary(path: path, request: request, metadata: metadata(options),
                                    timeout: Self.timeout(options)) { [self] result in
            switch result {
            case .success(let bytes):
                pending.complete(Result { () throws(BridgeError) in try decode(bytes) }
                    .mapError { $0.at(transport: "grpc", target: target) })
            case .failure(let status):
                pending.complete(.failure(self.error(status)))
            }
        }
        pending.setCancelHandler { grpcCall.cancel() }
        return pending
    }

    public func watch(_ request: BridgeMessage, options: CallOptions) -> BridgeStream {
        var request = request
        if request.messageID.isEmpty { request.messageID = MessageID.next() }
        request.type = MessageType.watch
        let stream = BridgeStream(pool: callbackPool)
        let grpcCall = client.start(path: Self.service + "Watch", metadata: metadata(options), timeout: Self.timeout(options),
                                    onMessage: { bytes in
                                        if let event = try? BridgeMessage(protobuf: bytes) { stream.yield(event) }
                                    },
                                    onFinish: { [self] status, _ in
                                        stream.finish(throwing: status.code == .ok ? nil : self.error(status))
                                    })
        grpcCall.sendLast(request.protobufBytes())
        stream.setCancelHandler { grpcCall.cancel() }
        return stream
    }

    /// Sends a message whose answers go to subscribers (a WATCH's events, or one answer).
    public func send(_ message: BridgeMessage, options: CallOptions = .defaults) {
        var message = message
        if message.messageID.isEmpty { message.messageID = MessageID.next() }
        let method = message.type == MessageType.watch ? "Watch" : message.type == MessageType.echo ? "Echo" : "Validate"
        let call = client.start(path: Self.service + method, metadata: metadata(options), timeout: Self.timeout(options),
                                onMessage: { [weak self] bytes in
                                    if let answer = try? BridgeMessage(protobuf: bytes) { self?.deliver(answer) }
                                },
                                onFinish: { _, _ in })
        call.sendLast(message.protobufBytes())
    }

    public func subscribe(to type: String, _ handler: @escaping @Sendable (BridgeMessage) -> Void) -> Subscription {
        subscribers.add(type: type, handler)
    }

    private func deliver(_ message: BridgeMessage) {
        subscribers.deliver(message)
    }

    public func close() {
        client.close()
    }
}
