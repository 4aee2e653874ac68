import BridgeCore
import BridgeIO
import HTTP1
import Synchronization

/// A ``Bridge`` over HTTP/1.1 with JSON (CONTRACT.md section 2): each call is a
/// `POST /validate` whose body is the BridgeMessage, on a pool of keep-alive connections.
///
/// ```swift
/// let bridge = try HTTPBridge(target: "http://127.0.0.1:8080")
/// let reply = try await bridge.call(.request("PING"))
/// ```
///
/// An answer with a non-2xx status is thrown as a ``BridgeError`` with the code its ERROR body
/// names (or the one the status maps to). HTTP has no server push: `watch` is refused with
/// `UNIMPLEMENTED` (use TCP); callbacks come by webhook (`callAsync`, see
/// HTTPBridge+Async.swift), and subscribers receive verified webhook deliveries that no
/// `callAsync` is waiting for.
public final class HTTPBridge: Bridge {
    public let transport = "http"
    public let target: String
    /// The settings the bridge was made with.
    public let configuration: HTTPBridgeConfiguration
    /// The connection pool calls go through; usable directly for other routes (`GET /healthz`).
    public let client: HTTPClient
    private let subscribers: SubscriberRegistry
    private let receiver = Locked<WebhookReceiver?>(nil)
    /// Every call's headers without per-call metadata (content type, token, host), built once:
    /// made per call, they cost four allocations of a call's seventeen.
    private let baseHeaders: HTTPHeaders

    /// A bridge to `target`: `http://HOST:PORT`, `HOST:PORT` or `unix:PATH`.
    public init(target: String, configuration: HTTPBridgeConfiguration = .defaults) throws(BridgeError) {
        var text = target
        if text.hasPrefix("http://") { text = String(text.dropFirst(7)) }
        if let slash = text.firstIndex(of: "/"), !text.hasPrefix("unix:") { text = String(text[..<slash]) }
        let address: SocketAddress
        do {
            address = try SocketAddress(parsing: text)
        } catch {
            throw BridgeError(.invalidArgument, "invalid target: \(error.operation)", transport: "http", target: target)
        }
        self.target = address.description
        self.configuration = configuration
        subscribers = SubscriberRegistry(pool: configuration.callbackPool)
        client = HTTPClient(address: address, configuration: .init(maxConnections: configuration.maxConnections,
                                                                    connectTimeout: configuration.connectTimeout,
                                                                    group: configuration.group))
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Host": client.authority]
        if let token = configuration.token { headers.add("Authorization", "Bearer \(token)") }
        baseHeaders = headers
    }

    deinit {
        client.close()
        receiver.withLock { $0 }?.close()
    }

    /// The embedded webhook receiver, started on first use.
    public func webhookReceiver() throws(BridgeError) -> WebhookReceiver {
        let result = receiver.withLock { receiver -> Result<WebhookReceiver, BridgeError> in
            if let receiver { return .success(receiver) }
            do {
                let secret = try configuration.webhookSecret.map { text throws(WebhookSecretError) in try WebhookSecret(text) }
                let started = try WebhookReceiver(secret: secret, address: configuration.webhookAddress, group: configuration.group)
                started.onUnmatched { [weak self] message in self?.deliver(message) }
                receiver = started
                return .success(started)
            } catch let error as BridgeError {
                return .failure(error)
            } catch {
                return .failure(BridgeError(.invalidArgument, "webhook secret: \(error)", transport: "http", target: target))
            }
        }
        return try result.get()
    }

    /// Headers every request carries: content type, host, the bearer token and the call's metadata.
    func requestHeaders(_ metadata: [String: String]) -> HTTPHeaders {
        var headers = baseHeaders
        for (name, value) in metadata { headers.add(name, value) }
        return headers
    }

    public var callbackPool: CallbackPool { configuration.callbackPool }

    public func start(_ request: BridgeMessage, options: CallOptions) -> PendingCall {
        var request = request
        if request.messageID.isEmpty { request.messageID = MessageID.next() }
        let call = PendingCall()
        let target = self.target
        client.send(method: "POST", path: configuration.path, headers: requestHeaders(options.metadata), body: request.jsonBytes(),
                    deadline: options.effectiveDeadline()) { result in
            call.complete(result.flatMap { Self.answer(from: $0, target: target) })
        }
        return call
    }

    /// The BridgeMessage a response carries, or the error it reports.
    static func answer(from response: HTTPClientResponse, target: String) -> Result<BridgeMessage, BridgeError> {
        let message = try? BridgeMessage(json: response.body)
        if (200..<300).contains(response.status), let message {
            if let carried = message.carriedError { return .failure(carried.at(transport: "http", target: target)) }
            return .success(message)
        }
        if (200..<300).contains(response.status) {
            return .failure(BridgeError(.internal, "response body is not a BridgeMessage", transport: "http", target: target))
        }
        return .failure(error(from: response, message: message, target: target))
    }

    /// The error a non-2xx response reports: the code its ERROR body names, or the one the
    /// status maps to when the body is not an ERROR message (`message` is the body, if parsed).
    static func error(from response: HTTPClientResponse, message: BridgeMessage?, target: String) -> BridgeError {
        if let carried = message?.carriedError { return carried.at(transport: "http", target: target) }
        return BridgeError(StatusCode(httpStatus: response.status), "HTTP \(response.status)", transport: "http", target: target)
    }

    public func watch(_ request: BridgeMessage, options: CallOptions) -> BridgeStream {
        .failed(BridgeError(.unimplemented, "HTTP has no server push in the contract: stream WATCH over tcp (or grpc)",
                            transport: "http", target: target), pool: callbackPool)
    }

    public func subscribe(to type: String, _ handler: @escaping @Sendable (BridgeMessage) -> Void) -> Subscription {
        subscribers.add(type: type, handler)
    }

    /// Hands a message that arrived out of band (a verified webhook delivery) to subscribers.
    public func deliver(_ message: BridgeMessage) {
        subscribers.deliver(message)
    }

    public func close() {
        client.close()
        receiver.withLock { receiver in
            receiver?.close()
            receiver = nil
        }
    }
}
