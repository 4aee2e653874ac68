import BridgeCore
import GRPC
import Protobuf

/// A bidirectional `ValidateStream`: send requests as you like, read the answers (in request
/// order) as an AsyncSequence or with observers, and ``finish()`` when done sending.
public final class BridgeDuplexStream: Sendable {
    /// The answers.
    public let responses: BridgeStream
    private let call: GRPCClientCall

    init(call: GRPCClientCall, responses: BridgeStream) {
        self.call = call
        self.responses = responses
    }

    /// Sends one request (a fresh message id is given when it has none).
    public func send(_ message: BridgeMessage) {
        var message = message
        if message.messageID.isEmpty { message.messageID = MessageID.next() }
        call.send(message.protobufBytes())
    }

    /// No more requests; the answers end after the last one.
    public func finish() {
        call.halfClose()
    }

    /// Stops the stream (RST_STREAM CANCEL).
    public func cancel() {
        call.cancel()
    }
}

extension GRPCBridge {
    /// Opens a `ValidateStream`: each request is answered as `Validate` would, in order.
    public func stream(options: CallOptions = .defaults) -> BridgeDuplexStream {
        let responses = BridgeStream(pool: callbackPool)
        let call = client.start(path: Self.service + "ValidateStream", metadata: metadata(options), timeout: Self.timeout(options),
                                onMessage: { bytes in
                                    if let answer = try? BridgeMessage(protobuf: bytes) { responses.yield(answer) }
                                },
                                onFinish: { [self] status, _ in
                                    responses.finish(throwing: status.code == .ok ? nil : self.error(status))
                                })
        responses.setCancelHandler { call.cancel() }
        return BridgeDuplexStream(call: call, responses: responses)
    }

    /// `ValidateBatch`: sends every message, then returns the one summary answer.
    public func validateBatch(_ messages: [BridgeMessage], options: CallOptions = .defaults) async throws(BridgeError) -> BridgeMessage {
        let target = self.target
        let result: Result<BridgeMessage, BridgeError> = await withCheckedContinuation { continuation in
            let box = AnswerBox()
            let call = client.start(path: Self.service + "ValidateBatch", metadata: metadata(options), timeout: Self.timeout(options),
                                    onMessage: { bytes in box.answer = try? BridgeMessage(protobuf: bytes) },
                                    onFinish: { [self] status, _ in
                                        if status.code != .ok {
                                            continuation.resume(returning: .failure(self.error(status)))
                                        } else if let answer = box.answer {
                                            continuation.resume(returning: .success(answer))
                                        } else {
                                            continuation.resume(returning: .failure(BridgeError(.internal, "no summary answer", transport: "grpc", target: target)))
                                        }
                                    })
            for message in messages {
                var message = message
                if message.messageID.isEmpty { message.messageID = MessageID.next() }
                call.send(message.protobufBytes())
            }
            call.halfClose()
        }
        return try result.get()
    }
}

/// Holds a client-streaming call's answer until its status arrives (loop-confined).
final class AnswerBox: @unchecked Sendable {
    var answer: BridgeMessage?
}
