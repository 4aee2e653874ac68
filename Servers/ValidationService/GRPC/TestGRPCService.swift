import BridgeCore
import BridgeIO
import GRPC
import Protobuf

/// `grpc.testing.TestService` (grpc/grpc src/proto/grpc/testing/test.proto), the server side of
/// the official interop cases (doc/interop-test-descriptions.md; shared/grpc-testing/
/// INTEROP-CASES.md): EmptyCall, UnaryCall, StreamingOutputCall, StreamingInputCall,
/// FullDuplexCall and HalfDuplexCall. UnimplementedCall is deliberately not registered, so the
/// router answers it (and the whole UnimplementedService) with UNIMPLEMENTED.
///
/// Every method echoes `x-grpc-test-echo-initial` in the response headers and
/// `x-grpc-test-echo-trailing-bin` in the trailers. The server is identity-only: a request that
/// `expect_compressed` fails INVALID_ARGUMENT (it necessarily arrived uncompressed, as the shell
/// rejects compressed messages with UNIMPLEMENTED); `response_compressed` is answered
/// uncompressed, which the spec allows.
public struct TestGRPCService: Sendable {
    /// The `:path` prefix of every TestService method.
    public static let prefix = "/grpc.testing.TestService/"

    /// The test service; it holds no state.
    public init() {}

    /// Registers every TestService method in `router`.
    public func register(in router: inout GRPCRouter) {
        router.register(Self.prefix + "EmptyCall", EmptyCall())
        router.register(Self.prefix + "UnaryCall", UnaryCall())
        router.register(Self.prefix + "StreamingOutputCall", StreamingOutputCall())
        router.register(Self.prefix + "StreamingInputCall", StreamingInputCall())
        router.register(Self.prefix + "FullDuplexCall", Duplex(half: false))
        router.register(Self.prefix + "HalfDuplexCall", Duplex(half: true))
    }

    static let echoInitialKey = "x-grpc-test-echo-initial"
    static let echoTrailingKey = "x-grpc-test-echo-trailing-bin"

    /// Sets the echoed initial metadata; returns the echoed trailing metadata.
    static func echoMetadata(_ call: GRPCServerCall) -> GRPCMetadata {
        if let value = call.metadata[echoInitialKey] {
            var initial = GRPCMetadata()
            switch value {
            case .text(let text): initial.add(echoInitialKey, text)
            case .binary(let bytes): initial.add(echoInitialKey, binary: bytes)
            }
            call.setInitialMetadata(initial)
        }
        var trailers = GRPCMetadata()
        if let value = call.metadata[echoTrailingKey] {
            switch value {
            case .binary(let bytes): trailers.add(echoTrailingKey, binary: bytes)
            case .text(let text): trailers.add(echoTrailingKey, binary: Array(text.utf8))
            }
        }
        return trailers
    }

    static func decode<M: ProtoMessage>(_ type: M.Type, _ bytes: [UInt8], on call: GRPCServerCall, trailers: GRPCMetadata) -> M? {
        do {
            return try M(serializedBytes: bytes)
        } catch {
            call.finish(GRPCStatus(.invalidArgument, "request is not a \(M.self): \(error)"), trailers: trailers)
            return nil
        }
    }

    /// The status an EchoStatus asks for, when it asks for one (code 0 with no message is OK).
    static func status(_ echo: Grpc_Testing_EchoStatus?) -> GRPCStatus? {
        guard let echo, echo.code != 0 || !echo.message.isEmpty else { return nil }
        return GRPCStatus(StatusCode(rawValue: Int(echo.code)), echo.message)
    }

    /// The largest response payload a request may ask for: a 2 GiB `response_size` from one
    /// small request must not make the server allocate it.
    static let maxPayloadBytes: Int32 = 4 * 1024 * 1024

    static func oversized(_ size: Int32) -> GRPCStatus? {
        size > maxPayloadBytes ? GRPCStatus(.resourceExhausted, "response_size \(size) is over this server's \(maxPayloadBytes) bytes") : nil
    }

    static func payload(_ size: Int32) -> Grpc_Testing_Payload {
        Grpc_Testing_Payload(type: .compressable, body: [UInt8](repeating: 0, count: Int(max(0, size))))
    }

    static let compressionMessage = "this server is identity-only: the request was not compressed"

    struct EmptyCall: GRPCHandler {
        func handle(_ call: GRPCServerCall) {
            let trailers = TestGRPCService.echoMetadata(call)
            call.onSingleRequest { bytes in
                guard TestGRPCService.decode(Grpc_Testing_Empty.self, bytes, on: call, trailers: trailers) != nil else { return }
                call.send(Grpc_Testing_Empty().serializedBytes())
                call.finish(.ok, trailers: trailers)
            }
        }
    }

    struct UnaryCall: GRPCHandler {
        func handle(_ call: GRPCServerCall) {
            let trailers = TestGRPCService.echoMetadata(call)
            call.onSingleRequest { bytes in
                guard let request = TestGRPCService.decode(Grpc_Testing_SimpleRequest.self, bytes, on: call, trailers: trailers) else { return }
                if request.expectCompressed?.value == true {
                    return call.finish(GRPCStatus(.invalidArgument, TestGRPCService.compressionMessage), trailers: trailers)
                }
                if let status = TestGRPCService.status(request.responseStatus) ?? TestGRPCService.oversized(request.responseSize) {
                    return call.finish(status, trailers: trailers)
                }
                call.send(Grpc_Testing_SimpleResponse(payload: TestGRPCService.payload(request.responseSize)).serializedBytes())
                call.finish(.ok, trailers: trailers)
            }
        }
    }

    struct StreamingInputCall: GRPCHandler {
        func handle(_ call: GRPCServerCall) {
            let trailers = TestGRPCService.echoMetadata(call)
            let state = InputState()
            call.onMessage = { bytes in
                guard !state.done else { return }
                guard let request = TestGRPCService.decode(Grpc_Testing_StreamingInputCallRequest.self, bytes, on: call, trailers: trailers) else {
                    state.done = true
                    return
                }
                if request.expectCompressed?.value == true {
                    state.done = true
                    return call.finish(GRPCStatus(.invalidArgument, TestGRPCService.compressionMessage), trailers: trailers)
                }
                state.total += request.payload?.body.count ?? 0
            }
            call.onEnd = {
                guard !state.done else { return }
                state.done = true
                call.send(Grpc_Testing_StreamingInputCallResponse(aggregatedPayloadSize: Int32(clamping: state.total)).serializedBytes())
                call.finish(.ok, trailers: trailers)
            }
            call.onCancel = { _ in state.done = true }
        }
    }

    struct StreamingOutputCall: GRPCHandler {
        func handle(_ call: GRPCServerCall) {
            let responder = OutputResponder(call: call, trailers: TestGRPCService.echoMetadata(call), answerEach: true)
            call.onSingleRequest { bytes in
                guard let request = TestGRPCService.decode(Grpc_Testing_StreamingOutputCallRequest.self, bytes, on: call,
                                                           trailers: responder.trailers) else { return responder.cancel() }
                responder.enqueue(request)
                responder.endOfRequests()
            }
            call.onCancel = { _ in responder.cancel() }
        }
    }

    /// FullDuplexCall (each request answered as it arrives) and HalfDuplexCall (requests held
    /// until the client half-closes, then answered in order).
    struct Duplex: GRPCHandler {
        let half: Bool

        func handle(_ call: GRPCServerCall) {
            let responder = OutputResponder(call: call, trailers: TestGRPCService.echoMetadata(call), answerEach: !half)
            call.onMessage = { bytes in
                guard let request = TestGRPCService.decode(Grpc_Testing_StreamingOutputCallRequest.self, bytes, on: call,
                                                           trailers: responder.trailers) else { return responder.cancel() }
                responder.enqueue(request)
            }
            call.onEnd = { responder.endOfRequests() }
            call.onCancel = { _ in responder.cancel() }
        }
    }
}

/// StreamingInputCall's running total (loop-confined).
final class InputState: @unchecked Sendable {
    var total = 0
    var done = false
}

/// Sends the responses StreamingOutputCallRequests ask for, strictly in order, waiting each
/// `interval_us` on a loop timer; ends with OK after the last request (or with the first
/// echoed status). Loop-confined (the call's loop).
final class OutputResponder: @unchecked Sendable {
    let call: GRPCServerCall
    let trailers: GRPCMetadata
    /// Start answering before the half-close (FullDuplexCall); otherwise wait for it.
    let answerEach: Bool
    private var pending: [Grpc_Testing_ResponseParameters] = []
    private var queue: [Grpc_Testing_StreamingOutputCallRequest] = []
    private var busy = false
    private var ended = false
    private var done = false
    private var timer: TimerID?
    /// The status the request being answered asks for, once its responses are sent.
    private var currentStatus: GRPCStatus?

    init(call: GRPCServerCall, trailers: GRPCMetadata, answerEach: Bool) {
        self.call = call
        self.trailers = trailers
        self.answerEach = answerEach
    }

    func enqueue(_ request: Grpc_Testing_StreamingOutputCallRequest) {
        guard !done else { return }
        queue.append(request)
        if answerEach { next() }
    }

    func endOfRequests() {
        guard !done else { return }
        ended = true
        next()
    }

    func cancel() {
        done = true
        queue = []
        pending = []
        if let timer { call.loop.cancelTimer(timer) }
        timer = nil
    }

    /// Sends the next response, or starts the next request, or ends the call.
    private func next() {
        guard !done, !busy else { return }
        if pending.isEmpty {
            if let status = currentStatus {
                currentStatus = nil
                return end(status)
            }
            guard !queue.isEmpty else {
                if ended { end(.ok) }
                return
            }
            let request = queue.removeFirst()
            if request.responseParameters.contains(where: { $0.compressed?.value == true }) {
                // Identity-only: such a response cannot be produced (compressed streaming
                // cases are not part of this server's contract).
                return end(GRPCStatus(.unimplemented, "this server does not compress responses"))
            }
            if let oversized = request.responseParameters.lazy.compactMap({ TestGRPCService.oversized($0.size) }).first {
                return end(oversized)
            }
            pending = request.responseParameters
            currentStatus = TestGRPCService.status(request.responseStatus)
            return next()
        }
        let parameters = pending.removeFirst()
        if parameters.intervalUs > 0 {
            busy = true
            timer = call.loop.scheduleTimer(after: .microseconds(Int(parameters.intervalUs))) { [self] in
                timer = nil
                busy = false
                guard !done else { return }
                send(parameters)
                next()
            }
        } else {
            send(parameters)
            next()
        }
    }

    private func send(_ parameters: Grpc_Testing_ResponseParameters) {
        call.send(Grpc_Testing_StreamingOutputCallResponse(payload: TestGRPCService.payload(parameters.size)).serializedBytes())
    }

    private func end(_ status: GRPCStatus) {
        done = true
        queue = []
        pending = []
        call.finish(status, trailers: trailers)
    }
}
