import BridgeCore
import BridgeIO
import BridgeServices
import Protobuf

/// The validation service's `Validate` and `Watch`, registered in a ``ServiceRegistry`` the way
/// your own methods are: the generated `Ipcbridge_V1_Validation` descriptors and typed handlers
/// (`Watch` with `registerServerStreaming`). `ServerHost` serves them through the registry on gRPC
/// (`/ipcbridge.v1.Validation/Validate`, `/Watch`) and framed TCP (types
/// `ipcbridge.v1.Validation/Validate` and `/Watch`, attributes the request's JSON); the
/// contract's own `WATCH` message type over framed TCP stays the service's.
///
/// The handlers are adapters over the ``MessageService`` rather than the rules themselves, so that
/// the reserved attributes (`delay_ms`, `fail_with`, ...), the other message types a BridgeMessage
/// `Validate` accepts (PING, ECHO, ...) and the logging stay the service's, answered exactly as
/// on the contract's routes. What the registry does not take over, and why:
/// - `Echo` over gRPC answers with the request's bytes unchanged, unknown fields included
///   (CONTRACT.md section 1), which a decode-and-encode handler cannot promise;
/// - `ValidateBatch` and `ValidateStream` keep their hand-written gRPC handlers (`Watch` is
///   registered here, as a server-streaming method);
/// - over HTTP, `POST /ipcbridge.v1.Validation/Validate` stays on `HTTPRoutes`' table, because the
///   contract fixes that answer's JSON (`timestamp_ms` as a number) where proto3 JSON writes an
///   int64 as a string. A call by method name reads either, so `bridge.call(Validate.self, ...)`
///   works the same on all three transports.
public struct ValidationMethods: Sendable {
    /// The service that answers each Validate call (see ``init(service:)``).
    public let service: any MessageService

    /// `service` answers: the validation service, in `ServerHost` wrapped in its
    /// `InstrumentedService`, which logs and counts each request with its message type and id as
    /// on the contract's other routes (so the registry's observer leaves these calls alone).
    public init(service: any MessageService) {
        self.service = service
    }

    /// Registers `ipcbridge.v1.Validation/Validate` and `Watch` in `registry`, answered by
    /// ``service``; not observed by the registry, because the service logs and counts them itself.
    public func register(in registry: inout ServiceRegistry) {
        let service = self.service
        // The same rpc as Ipcbridge_V1_Validation.Validate, with BridgeMessage's own binary codec.
        registry.register(BridgeMessageValidate.self, observed: false) { request, context in
            BridgeMessageProto(try await Self.validate(request.message, service: service, context: context))
        }
        registry.registerServerStreaming(Ipcbridge_V1_Validation.Watch.self, observed: false) { request, responses, context in
            try await Self.watch(BridgeMessage(request), service: service, responses: responses, context: context)
        }
    }

    /// What the contract's server-streaming `Watch` does: the request is a WATCH whatever its
    /// type; each EVENT the service sends is a response, its END ends the stream cleanly and an
    /// ERROR ends it with that status.
    static func watch(_ request: BridgeMessage, service: any MessageService, responses: ResponseWriter<Ipcbridge_V1_BridgeMessage>,
                      context: ServiceContext) async throws(BridgeError) {
        var request = request
        if request.messageID.isEmpty { request.messageID = MessageID.next() }
        request.type = MessageType.watch
        for await answer in AnswerStream.of(request, from: service, transport: context.transport, loop: context.loop) {
            if let error = answer.carriedError { throw error }
            if answer.type == MessageType.end { return }
            try await responses.send(Ipcbridge_V1_BridgeMessage(answer))
        }
    }

    /// What the contract's unary `Validate` does: a BridgeMessage of any type but WATCH (which
    /// streams) gets the service's one answer; an ERROR answer is the call's error.
    static func validate(_ request: BridgeMessage, service: any MessageService,
                         context: ServiceContext) async throws(BridgeError) -> BridgeMessage {
        var request = request
        if request.messageID.isEmpty { request.messageID = MessageID.next() }
        if request.type.isEmpty { request.type = MessageType.validationRequest }
        if request.type == MessageType.watch { throw BridgeError(.invalidArgument, "WATCH streams: call Watch") }
        let answer = await SingleAnswer.of(request, from: service, transport: context.transport, loop: context.loop)
        if let error = answer.carriedError { throw error }
        return answer
    }
}

/// A ``MessageService``'s answers to a streaming request, as an `AsyncStream` that ends when the
/// service finishes: how a streaming handler reads a service that answers through a ``ReplyWriter``.
enum AnswerStream {
    static func of(_ request: BridgeMessage, from service: any MessageService, transport: String, loop: EventLoop) -> AsyncStream<BridgeMessage> {
        let (answers, continuation) = AsyncStream.makeStream(of: BridgeMessage.self)
        service.handle(request, replies: StreamingReplyWriter(loop: loop, transport: transport, continuation: continuation))
        return answers
    }
}

/// Feeds a service's answers into an `AsyncStream`; ``finish()`` ends it.
struct StreamingReplyWriter: ReplyWriter {
    let loop: EventLoop
    let transport: String
    let continuation: AsyncStream<BridgeMessage>.Continuation

    func send(_ message: BridgeMessage) { continuation.yield(message) }
    func finish() { continuation.finish() }
}

/// A ``MessageService``'s one answer to a request, awaited: how a typed handler asks a service
/// that answers through a ``ReplyWriter``.
enum SingleAnswer {
    static func of(_ request: BridgeMessage, from service: any MessageService, transport: String, loop: EventLoop) async -> BridgeMessage {
        await withCheckedContinuation { continuation in
            service.handle(request, replies: ContinuationReplyWriter(loop: loop, transport: transport, continuation: continuation))
        }
    }
}

/// Resumes a continuation with the first answer; a service that finishes without answering
/// resumes it with an `INTERNAL` error, so the awaiting handler never hangs on it.
final class ContinuationReplyWriter: ReplyWriter {
    let loop: EventLoop
    let transport: String
    private let continuation: Locked<CheckedContinuation<BridgeMessage, Never>?>

    init(loop: EventLoop, transport: String, continuation: CheckedContinuation<BridgeMessage, Never>) {
        self.loop = loop
        self.transport = transport
        self.continuation = Locked(continuation)
    }

    func send(_ message: BridgeMessage) {
        continuation.withLock { $0.take() }?.resume(returning: message)
    }

    func finish() {
        continuation.withLock { $0.take() }?.resume(returning: .error(BridgeError(.internal, "the service finished without answering"), requestID: ""))
    }
}
