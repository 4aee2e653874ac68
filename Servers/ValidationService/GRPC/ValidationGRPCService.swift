import BridgeCore
import BridgeIO
import GRPC
import Protobuf

/// `ipcbridge.v1.Validation` over gRPC (CONTRACT.md section 4): the same ``ValidationService``
/// behind five methods. An ERROR answer becomes the call's status (`grpc-status` and
/// `grpc-message`), never a response message.
public struct ValidationGRPCService: Sendable {
    /// What answers Validate, Echo, Watch and ValidateStream.
    public let service: any MessageService
    /// The rules ValidateBatch applies.
    public let rules: RuleSet

    /// The five methods over `service`, with its own rules for ValidateBatch.
    public init(service: ValidationService) {
        self.init(service: service, rules: service.rules)
    }

    /// `service` answers Validate, Watch and ValidateStream (the validation service, perhaps
    /// wrapped in an ``InstrumentedService``); ValidateBatch applies `rules` directly.
    public init(service: any MessageService, rules: RuleSet) {
        self.service = service
        self.rules = rules
    }

    /// The `:path` prefix of every Validation method.
    public static let prefix = "/ipcbridge.v1.Validation/"

    /// Adds the five methods to `router`.
    public func register(in router: inout GRPCRouter) {
        router.register(Self.prefix + "Validate", Unary(service: service))
        router.register(Self.prefix + "Echo", Echo())
        router.register(Self.prefix + "Watch", Watch(service: service))
        router.register(Self.prefix + "ValidateBatch", Batch(rules: rules))
        router.register(Self.prefix + "ValidateStream", Stream(service: service))
    }

    static func decode(_ bytes: [UInt8], on call: GRPCServerCall) -> BridgeMessage? {
        do {
            var message = try BridgeMessage(protobuf: bytes)
            if message.messageID.isEmpty { message.messageID = MessageID.next() }
            return message
        } catch {
            call.finish(GRPCStatus(.invalidArgument, "request is not a BridgeMessage: \(error)"))
            return nil
        }
    }

    /// Validate: one request, one answer.
    struct Unary: GRPCHandler {
        let service: any MessageService

        func handle(_ call: GRPCServerCall) {
            call.onSingleRequest { bytes in
                guard var request = ValidationGRPCService.decode(bytes, on: call) else { return }
                if request.type.isEmpty { request.type = MessageType.validationRequest }
                if request.type == MessageType.watch {
                    return call.finish(GRPCStatus(.invalidArgument, "WATCH streams: call Watch"))
                }
                service.handle(request, replies: GRPCReplyWriter(call: call, streaming: false))
            }
        }
    }

    /// Echo: the request bytes back unchanged, unknown fields included.
    struct Echo: GRPCHandler {
        func handle(_ call: GRPCServerCall) {
            call.onSingleRequest { bytes in
                call.send(bytes)
                call.finish(.ok)
            }
        }
    }

    /// Watch: EVENTs as response messages; END (or the error) ends the call.
    struct Watch: GRPCHandler {
        let service: any MessageService

        func handle(_ call: GRPCServerCall) {
            call.onSingleRequest { bytes in
                guard var request = ValidationGRPCService.decode(bytes, on: call) else { return }
                request.type = MessageType.watch
                service.handle(request, replies: GRPCReplyWriter(call: call, streaming: true))
            }
        }
    }

    /// ValidateBatch: every request validated; one summary after the client's last message.
    struct Batch: GRPCHandler {
        let rules: RuleSet

        func handle(_ call: GRPCServerCall) {
            let state = BatchState()
            call.onMessage = { bytes in
                guard let request = ValidationGRPCService.decode(bytes, on: call) else { return }
                let passed = rules.verdict(for: request.attributes).passed
                state.results.append(["request_id": .string(request.messageID), "result": .string(passed ? "PASS" : "FAIL")])
                if passed { state.passed += 1 }
                if state.firstID.isEmpty { state.firstID = request.messageID }
            }
            call.onEnd = {
                let count = state.results.count
                let answer = BridgeMessage(messageID: MessageID.next(), type: MessageType.validationResponse, requestID: state.firstID,
                                           attributes: ["result": .string(state.passed == count ? "PASS" : "FAIL"),
                                                        "count": .number(Double(count)), "passed": .number(Double(state.passed)),
                                                        "failed": .number(Double(count - state.passed)), "results": .array(state.results)],
                                           timestampMs: Clocks.unixMilliseconds())
                call.send(answer.protobufBytes())
                call.finish(.ok)
            }
        }
    }

    /// ValidateStream: each request answered as Validate would, in order.
    struct Stream: GRPCHandler {
        let service: any MessageService

        func handle(_ call: GRPCServerCall) {
            let queue = StreamQueue(call: call, service: service)
            call.onMessage = { bytes in
                guard var request = ValidationGRPCService.decode(bytes, on: call) else { return }
                if request.type.isEmpty { request.type = MessageType.validationRequest }
                queue.enqueue(request)
            }
            call.onEnd = { queue.endOfRequests() }
            call.onCancel = { _ in queue.cancel() }
        }
    }
}

/// Batch counters (loop-confined: only the call's loop touches them).
final class BatchState: @unchecked Sendable {
    var results: [JSONValue] = []
    var passed = 0
    var firstID = ""
}

/// Answers a bidirectional stream's requests one at a time, so answers keep request order even
/// when a request asks for `delay_ms`. Loop-confined (the call's loop).
final class StreamQueue: @unchecked Sendable {
    let call: GRPCServerCall
    let service: any MessageService
    private var pending: [BridgeMessage] = []
    private var busy = false
    private var ended = false
    private var cancelled = false

    init(call: GRPCServerCall, service: any MessageService) {
        self.call = call
        self.service = service
    }

    func enqueue(_ request: BridgeMessage) {
        pending.append(request)
        next()
    }

    func endOfRequests() {
        ended = true
        next()
    }

    func cancel() {
        cancelled = true
        pending = []
    }

    private func next() {
        guard !busy, !cancelled else { return }
        guard !pending.isEmpty else {
            if ended { call.finish(.ok) }
            return
        }
        busy = true
        let request = pending.removeFirst()
        service.handle(request, replies: StreamReplyWriter(loop: call.loop) { [self] answer in
            self.call.loop.executeOrRun {
                self.call.send(answer.protobufBytes())
                self.busy = false
                self.next()
            }
        })
    }
}

/// One answer of a ValidateStream request (ERRORs included, as messages: the stream goes on).
struct StreamReplyWriter: ReplyWriter {
    let loop: EventLoop
    let onAnswer: @Sendable (BridgeMessage) -> Void
    var transport: String { "grpc" }
    func send(_ message: BridgeMessage) { onAnswer(message) }
    func finish() {}
}

/// The service's answers to a gRPC call: messages out, ERROR as the status, END as OK.
struct GRPCReplyWriter: ReplyWriter {
    let call: GRPCServerCall
    let streaming: Bool
    var loop: EventLoop { call.loop }
    var transport: String { "grpc" }

    func send(_ message: BridgeMessage) {
        if let error = message.carriedError {
            call.finish(GRPCStatus(error))
        } else if streaming && message.type == MessageType.end {
            call.finish(.ok)
        } else {
            call.send(message.protobufBytes())
            if !streaming { call.finish(.ok) }
        }
    }

    func finish() {}
}
