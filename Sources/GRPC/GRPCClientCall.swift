import BridgeCore
import BridgeIO
import HPACK

/// One outgoing RPC as a bidirectional stream of serialized messages. Callbacks run on the
/// connection's event loop (wrap them into the callback runtime before user code sees them);
/// ``send(_:)``, ``halfClose()`` and ``cancel()`` may be called from any thread.
public final class GRPCClientCall: @unchecked Sendable {
    /// The method called, `/package.Service/Method`.
    public let path: String
    let loop: EventLoop
    weak var connection: GRPCClientConnection?
    var streamID: UInt32 = 0

    let onMessage: @Sendable ([UInt8]) -> Void
    let onFinish: @Sendable (GRPCStatus, GRPCMetadata) -> Void

    // Loop-confined.
    var deframer = GRPCMessageDeframer()
    var finished = false
    var receivedHeaders = false
    /// The `grpc-timeout` timer, cancelled when the call ends: left to run out, every call's
    /// timer would stay armed for the whole timeout (a minute's calls, at a 60 s timeout).
    var deadlineTimer: TimerID?
    /// The response headers' metadata (read it in `onFinish`, which runs on the same loop).
    public internal(set) var initialMetadata = GRPCMetadata()
    /// Request bytes written before the stream existed (the connection was still opening).
    var queued: [(bytes: [UInt8], endStream: Bool)] = []

    init(path: String, loop: EventLoop, maxMessageBytes: Int,
         onMessage: @escaping @Sendable ([UInt8]) -> Void, onFinish: @escaping @Sendable (GRPCStatus, GRPCMetadata) -> Void) {
        self.path = path
        self.loop = loop
        self.deframer = GRPCMessageDeframer(maxMessageBytes: maxMessageBytes)
        self.onMessage = onMessage
        self.onFinish = onFinish
    }

    /// Sends one request message.
    public func send(_ message: [UInt8]) {
        loop.executeOrRun { [self] in connection?.send(message, on: self, endStream: false) }
    }

    /// Sends the last request message and half-closes in one go (unary and server streaming).
    public func sendLast(_ message: [UInt8]) {
        loop.executeOrRun { [self] in connection?.send(message, on: self, endStream: true) }
    }

    /// No more request messages.
    public func halfClose() {
        loop.executeOrRun { [self] in connection?.halfClose(self) }
    }

    /// Cancels the call: RST_STREAM(CANCEL) and a CANCELLED status.
    public func cancel() {
        loop.executeOrRun { [self] in connection?.cancel(self, status: GRPCStatus(.cancelled, "cancelled by the caller")) }
    }

    /// Delivers the end of the call once.
    func complete(_ status: GRPCStatus, _ trailers: GRPCMetadata = GRPCMetadata()) {
        guard !finished else { return }
        finished = true
        if let deadlineTimer { loop.cancelTimer(deadlineTimer) }
        onFinish(status, trailers)
    }
}
