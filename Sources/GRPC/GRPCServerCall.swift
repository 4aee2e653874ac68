import BridgeCore
import BridgeIO
import HPACK

/// One incoming RPC, as a bidirectional stream of serialized messages: the shape every gRPC
/// method has on the wire (unary, server streaming and client streaming are its special
/// cases). The handler sets the callbacks, sends messages and finishes with a status.
///
/// Callbacks run on the connection's event loop; ``send(_:)`` and ``finish(_:trailers:)`` may be
/// called from any thread.
public final class GRPCServerCall: @unchecked Sendable {
    /// The method called, `/package.Service/Method`.
    public let path: String
    /// The custom metadata the client sent (the bearer token among it).
    public let metadata: GRPCMetadata
    /// From `grpc-timeout`, when the client sent one.
    public let deadline: ContinuousClock.Instant?
    /// The connection's loop, where the callbacks run: for timers and loop-confined state.
    public let loop: EventLoop
    let streamID: UInt32
    weak var connection: GRPCServerConnection?

    /// Each request message (serialized), in order.
    public var onMessage: ((_ bytes: [UInt8]) -> Void)?
    /// The client finished sending (half-close).
    public var onEnd: (() -> Void)?
    /// The call ended early: the client cancelled (RST_STREAM), the deadline passed, or the
    /// connection went away. No more messages can be sent.
    public var onCancel: ((_ status: GRPCStatus) -> Void)?

    // Loop-confined.
    var deframer: GRPCMessageDeframer
    var finished = false
    /// Since when (``MonotonicTime`` nanoseconds) a request message has been started and not
    /// finished; 0 when none is: the stall timeout's clock for slow uploads.
    var partialSince: UInt64 = 0
    /// Metadata sent with the response headers (before the first message or the status).
    var initialMetadata = GRPCMetadata()
    /// Who waits for the stream's flow-control backlog to clear (``send(_:whenReady:)``).
    var readyWaiters: [(Bool) -> Void] = []

    init(path: String, metadata: GRPCMetadata, deadline: ContinuousClock.Instant?, loop: EventLoop, streamID: UInt32,
         connection: GRPCServerConnection, maxMessageBytes: Int) {
        self.path = path
        self.metadata = metadata
        self.deadline = deadline
        self.loop = loop
        self.streamID = streamID
        self.connection = connection
        self.deframer = GRPCMessageDeframer(maxMessageBytes: maxMessageBytes)
    }

    /// Sets metadata to send with the response headers; call before the first message or
    /// status (later it is ignored: the headers are gone).
    public func setInitialMetadata(_ metadata: GRPCMetadata) {
        loop.executeOrRun { [self] in initialMetadata = metadata }
    }

    /// Drops the handler's callbacks once the call is over. Handlers' closures capture the call
    /// itself (to send and finish), so keeping them would keep every finished call alive: the
    /// leak the soak found, about 400 bytes per unary call.
    func releaseCallbacks() {
        onMessage = nil
        onEnd = nil
        onCancel = nil
        notifyReady(false)
    }

    /// Tells the waiters of ``send(_:whenReady:)`` whether they may send on.
    func notifyReady(_ ready: Bool) {
        let waiters = readyWaiters
        readyWaiters = []
        for waiter in waiters { waiter(ready) }
    }

    /// Sends one response message.
    public func send(_ message: [UInt8]) {
        loop.executeOrRun { [self] in connection?.send(message, on: self) }
    }

    /// Sends one response message, then calls `whenReady` on the loop: with true once the stream
    /// holds none of its messages back for the peer's flow-control window (at once, usually),
    /// with false when the call is over (finished, cancelled, the connection gone). A producer
    /// that waits for it before its next message goes at the pace the client reads, and cannot
    /// pile up responses the peer has not asked for.
    public func send(_ message: [UInt8], whenReady: @escaping @Sendable (Bool) -> Void) {
        loop.executeOrRun { [self] in
            guard let connection else { return whenReady(false) }
            connection.send(message, on: self, whenReady: whenReady)
        }
    }

    /// Ends the call with `status` (and optional trailing metadata).
    public func finish(_ status: GRPCStatus, trailers: GRPCMetadata = GRPCMetadata()) {
        loop.executeOrRun { [self] in connection?.finish(self, status: status, trailers: trailers) }
    }
}

extension GRPCServerCall {
    /// For methods taking one request: `body` gets it; a second one, or none before the
    /// client half-closes, ends the call with INVALID_ARGUMENT.
    public func onSingleRequest(_ body: @escaping ([UInt8]) -> Void) {
        var received = false
        onMessage = { [self] bytes in
            guard !received else { return finish(GRPCStatus(.invalidArgument, "\(path) takes one request message")) }
            received = true
            body(bytes)
        }
        onEnd = { [self] in
            if !received { finish(GRPCStatus(.invalidArgument, "\(path) needs a request message")) }
        }
    }
}

/// Answers RPCs whose `:path` it knows.
public protocol GRPCHandler: Sendable {
    /// Called on the connection's loop when a call's headers arrive; set the call's callbacks.
    func handle(_ call: GRPCServerCall)
}

/// `:path` -> handler.
public struct GRPCRouter: Sendable {
    private var routes: [String: any GRPCHandler] = [:]

    /// A router with no routes: every call is UNIMPLEMENTED until methods are registered.
    public init() {}

    /// Registers `handler` for `/service/method`.
    public mutating func register(_ path: String, _ handler: any GRPCHandler) {
        routes[path] = handler
    }

    /// The handler registered for `path`, or nil (the server then answers UNIMPLEMENTED).
    public func handler(for path: String) -> (any GRPCHandler)? { routes[path] }

    /// Every registered `:path`, in no particular order.
    public var paths: [String] { Array(routes.keys) }
}
