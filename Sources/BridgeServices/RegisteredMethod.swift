import BridgeCore
import Protobuf

/// One registered method with its message types erased: the user's typed handler behind both
/// wire forms, so that a registration is written once and served in JSON (HTTP, framed TCP)
/// and in protobuf (gRPC) alike.
///
/// Decoding failures are the caller's fault (`INVALID_ARGUMENT`); what the handler throws is the
/// call's status (see ``status(of:path:)``).
struct RegisteredMethod: Sendable {
    /// Sends one response in a wire form; throws `CANCELLED` once the call is over.
    typealias Emit<Output> = @Sendable (Output) async throws(BridgeError) -> Void

    /// The handler in the shape its registration gave it.
    enum Shape: Sendable {
        /// One request in, one response out, in either form.
        case unary(json: @Sendable (JSONValue, ServiceContext) async throws(BridgeError) -> JSONValue,
                   binary: @Sendable ([UInt8], ServiceContext) async throws(BridgeError) -> [UInt8])
        /// One request in, responses through the emitter, in either form.
        case serverStreaming(json: @Sendable (JSONValue, ServiceContext, @escaping Emit<JSONValue>) async throws(BridgeError) -> Void,
                             binary: @Sendable ([UInt8], ServiceContext, @escaping Emit<[UInt8]>) async throws(BridgeError) -> Void)
        /// A stream of requests in (gRPC only: the contract streams requests nowhere else),
        /// responses through the emitter; `kind` says whether one response or many.
        case requestStreaming(kind: ProtoMethodKind,
                              binary: @Sendable (MessageStream<[UInt8]>, ServiceContext, @escaping Emit<[UInt8]>) async throws(BridgeError) -> Void)
    }

    let path: String
    /// Whether the registry's observer records its calls (false when the handler reports them).
    let observed: Bool
    let shape: Shape

    /// The shape's name for error messages: what a transport that cannot carry it says.
    var kindName: String {
        switch shape {
        case .unary: return "unary"
        case .serverStreaming: return "server-streaming"
        case .requestStreaming(let kind, _): return kind == .clientStreaming ? "client-streaming" : "bidirectional-streaming"
        }
    }

    init<M: ProtoMethod>(_ method: M.Type, observed: Bool, handler: @escaping @Sendable (M.Request, ServiceContext) async throws -> M.Response)
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        path = M.path
        self.observed = observed
        shape = .unary(json: { json, context throws(BridgeError) in
            let request = try Self.read(M.self) { try M.Request(json: json) }
            return try await Self.run(context) { try await handler(request, context) }.json(options: .wire)
        }, binary: { bytes, context throws(BridgeError) in
            let request = try Self.read(M.self) { try M.Request(serializedBytes: bytes) }
            return try await Self.run(context) { try await handler(request, context) }.serializedBytes()
        })
    }

    init<M: ProtoMethod>(serverStreaming method: M.Type, observed: Bool,
                         handler: @escaping @Sendable (M.Request, ResponseWriter<M.Response>, ServiceContext) async throws -> Void)
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        path = M.path
        self.observed = observed
        shape = .serverStreaming(json: { json, context, emit throws(BridgeError) in
            let request = try Self.read(M.self) { try M.Request(json: json) }
            let writer = ResponseWriter<M.Response> { response throws(BridgeError) in try await emit(response.json(options: .wire)) }
            try await Self.run(context) { try await handler(request, writer, context) }
        }, binary: { bytes, context, emit throws(BridgeError) in
            let request = try Self.read(M.self) { try M.Request(serializedBytes: bytes) }
            let writer = ResponseWriter<M.Response> { response throws(BridgeError) in try await emit(response.serializedBytes()) }
            try await Self.run(context) { try await handler(request, writer, context) }
        })
    }

    init<M: ProtoMethod>(requestStreaming method: M.Type, kind: ProtoMethodKind, observed: Bool,
                         handler: @escaping @Sendable (MessageStream<M.Request>, ResponseWriter<M.Response>, ServiceContext) async throws -> Void) {
        path = M.path
        self.observed = observed
        shape = .requestStreaming(kind: kind, binary: { messages, context, emit throws(BridgeError) in
            // A request that does not decode ends the handler's stream with INVALID_ARGUMENT (and
            // stops reading), which is the call's status if the handler lets it propagate.
            let requests = messages.map(on: context.loop) { bytes throws(BridgeError) in try Self.read(M.self) { try M.Request(serializedBytes: bytes) } }
            let writer = ResponseWriter<M.Response> { response throws(BridgeError) in try await emit(response.serializedBytes()) }
            try await Self.run(context) { try await handler(requests, writer, context) }
        })
    }

    /// The request `reader` makes, or `INVALID_ARGUMENT` saying why the input is not one.
    static func read<M: ProtoMethod>(_ method: M.Type, _ reader: () throws -> M.Request) throws(BridgeError) -> M.Request {
        do {
            return try reader()
        } catch {
            throw BridgeError(.invalidArgument, "the request to \(M.path) is not a \(M.Request.self): \(error)")
        }
    }

    /// Runs a handler, its errors turned into the call's status.
    private static func run<Result>(_ context: ServiceContext, _ body: () async throws -> Result) async throws(BridgeError) -> Result {
        do {
            return try await body()
        } catch {
            throw status(of: error, path: context.method)
        }
    }

    /// The status a handler's error gives the caller: a ``BridgeError`` as thrown (how a
    /// handler chooses the code and message), cancellation as `CANCELLED`, anything else
    /// `UNKNOWN` naming only the error's type, since its description may hold server internals
    /// the caller has no business seeing.
    static func status(of error: any Error, path: String) -> BridgeError {
        switch error {
        case let error as BridgeError:
            return BridgeError(error.code, error.message)
        case is CancellationError:
            return .cancelled("\(path) was cancelled")
        default:
            return BridgeError(.unknown, "\(path) failed with \(type(of: error))")
        }
    }
}

extension ProtoJSONWriteOptions {
    /// How registered methods and calls by method name write JSON: with the .proto field names
    /// (`message_id`), as CONTRACT.md's JSON form does, so your messages look like the
    /// contract's on the wire. Readers take either name.
    static var wire: ProtoJSONWriteOptions { ProtoJSONWriteOptions(preservingProtoFieldNames: true) }
}
