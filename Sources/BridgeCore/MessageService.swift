import BridgeIO

/// Where a service sends the answers to one request, whatever the transport.
///
/// ``send(_:)`` may be called from any thread (a timer, a worker); transports hop to the
/// connection's loop themselves. ``finish()`` says no more answers will come for this request.
public protocol ReplyWriter: Sendable {
    /// The event loop of the connection the request came in on: for timers (`delay_ms`).
    var loop: EventLoop { get }
    /// `tcp`, `http` or `grpc`.
    var transport: String { get }
    /// Sends one answer (an answer, a stream event, an ERROR). Safe from any thread.
    func send(_ message: BridgeMessage)
    /// Says no more answers will come: ends a stream, or lets a unary transport respond.
    func finish()
    /// Calls `ready` (on any thread) once the connection takes more answers without piling them
    /// up (true), or when it is gone and answers go nowhere (false): how a long stream goes at the
    /// pace its client reads and stops when the client leaves. The default says true at once.
    func whenReady(_ ready: @escaping @Sendable (Bool) -> Void)
}

extension ReplyWriter {
    /// Ready at once: a writer with no connection to wait for.
    public func whenReady(_ ready: @escaping @Sendable (Bool) -> Void) {
        ready(true)
    }
}

extension ReplyWriter {
    /// Sends one answer and finishes: the unary case.
    public func reply(_ message: BridgeMessage) {
        send(message)
        finish()
    }
}

/// A service answering BridgeMessages: the validation service, or your own. Transports
/// (framed TCP, HTTP, gRPC) decode requests, call ``handle(_:replies:)`` on the connection's
/// event loop, and write what the service sends back. Handlers must not block: long work
/// goes to another thread and answers through `replies` when done.
public protocol MessageService: Sendable {
    /// Answers `request` through `replies`, now or later. Called on the connection's event loop:
    /// must not block.
    func handle(_ request: BridgeMessage, replies: any ReplyWriter)
}
