import BridgeCore
import BridgeIO

/// A gRPC client for one server address: one HTTP/2 connection carrying every call
/// concurrently, opened on first use and replaced after GOAWAY or a drop.
public final class GRPCClient: @unchecked Sendable {
    /// The server's address.
    public let address: SocketAddress
    /// Largest response message accepted (RESOURCE_EXHAUSTED past it).
    public let maxMessageBytes: Int
    /// PING keepalive for the connection (nil: none).
    public let keepalive: GRPCKeepalive?
    let loop: EventLoop
    private let authority: String
    // Loop-confined.
    private var current: GRPCClientConnection?

    /// A client for `address`; nothing connects until the first call. Keepalive PINGs every 30 s by default.
    public init(address: SocketAddress, maxMessageBytes: Int = 4 * 1024 * 1024,
                keepalive: GRPCKeepalive? = GRPCKeepalive(interval: .seconds(30)), group: EventLoopGroup = .shared) {
        self.address = address
        self.maxMessageBytes = maxMessageBytes
        self.keepalive = keepalive
        self.loop = group.next()
        switch address {
        case .unix: authority = "localhost"
        default: authority = address.description
        }
    }

    /// Starts a call; `onMessage` gets each response message and `onFinish` the status, on the
    /// client's event loop.
    public func start(path: String, metadata: GRPCMetadata = GRPCMetadata(), timeout: Duration? = nil,
                      onMessage: @escaping @Sendable ([UInt8]) -> Void,
                      onFinish: @escaping @Sendable (GRPCStatus, GRPCMetadata) -> Void) -> GRPCClientCall {
        let call = GRPCClientCall(path: path, loop: loop, maxMessageBytes: maxMessageBytes, onMessage: onMessage, onFinish: onFinish)
        loop.executeOrRun { [self] in
            guard let connection = self.usableConnection() else {
                call.complete(GRPCStatus(.unavailable, "cannot connect to \(self.address)"))
                return
            }
            connection.start(call, metadata: metadata, timeout: timeout)
        }
        return call
    }

    /// A unary call: one request, one response (or a status).
    public func unary(path: String, request: [UInt8], metadata: GRPCMetadata = GRPCMetadata(), timeout: Duration? = nil,
                      completion: @escaping @Sendable (Result<[UInt8], GRPCStatus>) -> Void) -> GRPCClientCall {
        let box = ResponseBox()
        let call = start(path: path, metadata: metadata, timeout: timeout, onMessage: { box.response = $0 }, onFinish: { status, _ in
            if status.code == .ok, let response = box.response {
                completion(.success(response))
            } else if status.code == .ok {
                completion(.failure(GRPCStatus(.internal, "the server sent no response message")))
            } else {
                completion(.failure(status))
            }
        })
        call.sendLast(request)
        return call
    }

    /// Closes the connection; calls in flight end with UNAVAILABLE.
    public func close() {
        loop.executeOrRun { [self] in
            self.current?.close()
            self.current = nil
        }
    }

    private func usableConnection() -> GRPCClientConnection? {
        if let current, current.isUsable { return current }
        let handler = GRPCClientConnection(loop: loop, authority: authority, client: self, keepalive: keepalive)
        do {
            let connection = try Connection.connect(to: address, on: loop, handler: handler)
            handler.attach(connection)
        } catch {
            return nil
        }
        current = handler
        return handler
    }

    /// PING ACKs the current connection has received (for tests and diagnostics).
    public func pingsAcknowledged() async -> Int {
        await withCheckedContinuation { continuation in
            loop.executeOrRun { continuation.resume(returning: self.current?.pingsAcknowledged ?? 0) }
        }
    }

    func connectionGone(_ connection: GRPCClientConnection) {
        if current === connection { current = nil }
    }
}

/// Holds a unary call's response until its status arrives (loop-confined).
final class ResponseBox: @unchecked Sendable {
    var response: [UInt8]?
}
