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

extension GRPCBridge {
    /// A server-streaming call by method name over gRPC: the request's protobuf bytes to the
    /// method's path, each response message into the stream, the status ending it (OK cleanly,
    /// anything else as the stream's error). Cancelling the stream resets the HTTP/2 stream.
    public func startStream<Response: Sendable>(_ call: MethodCall<Response>, options: CallOptions) -> MessageStream<Response> {
        let stream = MessageStream<Response>(pool: callbackPool)
        let target = self.target
        let grpcCall = client.start(path: call.path, metadata: metadata(options), timeout: Self.timeout(options),
                                    onMessage: { bytes in
                                        do throws(BridgeError) {
                                            stream.yield(try call.responseFromBytes(bytes))
                                        } catch {
                                            stream.finish(throwing: error.at(transport: "grpc", target: target))
                                        }
                                    },
                                    onFinish: { [self] status, _ in
                                        stream.finish(throwing: status.code == .ok ? nil : self.error(status))
                                    })
        grpcCall.sendLast(call.requestBytes())
        stream.setCancelHandler { grpcCall.cancel() }
        return stream
    }

    /// Opens a bidirectional (or client-streaming) call of a generated method: send requests
    /// as you like, read the responses as they come, ``MethodDuplexStream/finish()`` when done
    /// sending. Only gRPC carries request streams (the contract gives framed TCP and HTTP none),
    /// so this is on `GRPCBridge`, not on every ``Bridge``.
    ///
    /// ```swift
    /// let chat = bridge.bidi(Greeter_V1_Greeter.Chat.self)
    /// chat.send(Greeter_V1_HelloRequest(name: "Ada"))
    /// chat.finish()
    /// for try await reply in chat.responses { print(reply.message) }
    /// ```
    public func bidi<M: ProtoMethod>(_ method: M.Type, options: CallOptions = .defaults) -> MethodDuplexStream<M.Request, M.Response> {
        let responses = MessageStream<M.Response>(pool: callbackPool)
        let target = self.target
        let grpcCall = client.start(path: M.path, metadata: metadata(options), timeout: Self.timeout(options),
                                    onMessage: { bytes in
                                        do {
                                            responses.yield(try M.Response(serializedBytes: bytes))
                                        } catch {
                                            responses.finish(throwing: BridgeError(.internal, "the answer from \(M.path) is not a \(M.Response.self): \(error)",
                                                                                   transport: "grpc", target: target))
                                        }
                                    },
                                    onFinish: { [self] status, _ in
                                        responses.finish(throwing: status.code == .ok ? nil : self.error(status))
                                    })
        responses.setCancelHandler { grpcCall.cancel() }
        return MethodDuplexStream(call: grpcCall, responses: responses)
    }
}

/// A bidirectional call of a generated method (``GRPCBridge/bidi(_:options:)``): typed requests
/// out, typed responses in, each side at its own pace.
public final class MethodDuplexStream<Request: ProtoMessage, Response: ProtoMessage>: Sendable {
    /// The responses, in the order the server sent them; the call's status ends them.
    public let responses: MessageStream<Response>
    private let call: GRPCClientCall

    init(call: GRPCClientCall, responses: MessageStream<Response>) {
        self.call = call
        self.responses = responses
    }

    /// Sends one request.
    public func send(_ request: Request) {
        call.send(request.serializedBytes())
    }

    /// No more requests (half-close); the server answers what it has and ends the call.
    public func finish() {
        call.halfClose()
    }

    /// Stops the call (RST_STREAM CANCEL); the responses end with `CANCELLED`.
    public func cancel() {
        responses.cancel()
    }
}
