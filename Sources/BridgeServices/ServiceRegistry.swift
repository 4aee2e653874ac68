import BridgeCore
import BridgeIO
import Protobuf

/// Your own services, registered once and served on every transport.
///
/// Register a typed handler per generated method descriptor (`bridge generate FILE.proto`
/// emits them); the same registration answers
/// - gRPC at the method's `:path` (`/package.Service/Method`), in protobuf: ``register(in:)``;
/// - HTTP as `POST /package.Service/Method` with the request's proto3 JSON as the body and the
///   response's as the answer: ``MethodHTTPHandler``;
/// - framed TCP as a BridgeMessage of type `package.Service/Method` whose attributes are the
///   request's JSON object, answered by one whose attributes are the response's:
///   ``ServiceDispatcher``.
///
/// ```swift
/// var services = ServiceRegistry()
/// services.register(Greeter_V1_Greeter.SayHello.self) { request, context in
///     Greeter_V1_HelloReply(message: "Hello, \(request.name)!")
/// }
/// ```
///
/// Handlers run as tasks whose executor is the event loop of the connection the
/// call came in on (``EventLoop`` is a `TaskExecutor`): they may await, but must not block, as a
/// ``MessageService`` must not; long work belongs on a thread or pool of its own. On the loop
/// they need no thread from Swift's shared pool, so a process whose tasks are all parked in
/// blocking calls (a test, a CLI) still gets its calls answered. A handler throws a ``BridgeError`` to choose the status its caller sees; any
/// other error is `UNKNOWN`. A method registered twice keeps the later handler. Streaming
/// methods have their own registrations (``registerServerStreaming(_:observed:_:)``,
/// ``registerBidiStreaming(_:observed:_:)``, ``registerClientStreaming(_:observed:_:)``); a
/// streaming method registered with ``register(_:observed:_:)`` answers as a stream of one
/// message, which its gRPC clients accept.
///
/// A value type, like `GRPCRouter`: build it, then hand it to the server (`ServerHost`'s
/// `Configuration.services`), which copies it.
public struct ServiceRegistry: Sendable {
    private var methods: [String: RegisteredMethod] = [:]
    /// Counts and logs every call of a registered method on every transport, when set
    /// (`ServerHost` sets it to the host's metrics and request log).
    public var observer: RequestObserver?

    /// An empty registry: no methods, no observer.
    public init() {}

    /// Registers `handler` for `method`: it gets each request and its ``ServiceContext`` and
    /// returns the response. The closure may throw anything (not only ``BridgeError``) so that it
    /// can `try` whatever it calls; see the type's notes for what the caller then sees.
    ///
    /// `observed: false` keeps the method's calls out of ``observer``, for a handler that reports
    /// them itself (the validation service's adapter hands each request to an
    /// `InstrumentedService`, which logs it with its message type and id).
    public mutating func register<M: ProtoMethod>(_ method: M.Type, observed: Bool = true,
                                                  _ handler: @escaping @Sendable (M.Request, ServiceContext) async throws -> M.Response)
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        methods[M.path] = RegisteredMethod(method, observed: observed, handler: handler)
    }

    /// Registers a server-streaming `handler` for `method` (`returns (stream Response)`): it gets
    /// the request, a ``ResponseWriter`` and the ``ServiceContext``, sends any number of responses
    /// and returns to end the stream cleanly, or throws to end it with that status (the responses
    /// already sent stay sent). Served over gRPC and framed TCP (answers of the method's type,
    /// then `END`, or `ERROR`); HTTP answers `UNIMPLEMENTED`, as the contract has no HTTP streams.
    ///
    /// ```swift
    /// services.registerServerStreaming(Greeter_V1_Greeter.SayHelloStream.self) { request, responses, context in
    ///     for count in 1...3 { try await responses.send(Greeter_V1_HelloReply(message: "Hello, \(request.name)!", visits: Int64(count))) }
    /// }
    /// ```
    public mutating func registerServerStreaming<M: ProtoMethod>(
        _ method: M.Type, observed: Bool = true,
        _ handler: @escaping @Sendable (M.Request, ResponseWriter<M.Response>, ServiceContext) async throws -> Void)
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        methods[M.path] = RegisteredMethod(serverStreaming: method, observed: observed, handler: handler)
    }

    /// Registers a bidirectional-streaming `handler` for `method` (`(stream Request) returns
    /// (stream Response)`): it reads the requests as a ``MessageStream`` (which ends when the client
    /// finishes sending, and throws `INVALID_ARGUMENT` at a message that is not a request), sends
    /// responses whenever it likes, and returns to end the call. Served over gRPC only: framed TCP
    /// and HTTP carry no request streams in the contract, and answer `UNIMPLEMENTED`.
    ///
    /// ```swift
    /// services.registerBidiStreaming(Greeter_V1_Greeter.Chat.self) { requests, responses, context in
    ///     for try await request in requests { try await responses.send(Greeter_V1_HelloReply(message: "Hello, \(request.name)!")) }
    /// }
    /// ```
    public mutating func registerBidiStreaming<M: ProtoMethod>(
        _ method: M.Type, observed: Bool = true,
        _ handler: @escaping @Sendable (MessageStream<M.Request>, ResponseWriter<M.Response>, ServiceContext) async throws -> Void) {
        methods[M.path] = RegisteredMethod(requestStreaming: method, kind: .bidiStreaming, observed: observed, handler: handler)
    }

    /// Registers a client-streaming `handler` for `method` (`(stream Request) returns
    /// (Response)`): it reads the requests as a ``MessageStream`` and returns the one response.
    /// gRPC only, as ``registerBidiStreaming(_:observed:_:)``.
    public mutating func registerClientStreaming<M: ProtoMethod>(
        _ method: M.Type, observed: Bool = true,
        _ handler: @escaping @Sendable (MessageStream<M.Request>, ServiceContext) async throws -> M.Response) {
        methods[M.path] = RegisteredMethod(requestStreaming: method, kind: .clientStreaming, observed: observed) { requests, responses, context in
            try await responses.send(try await handler(requests, context))
        }
    }

    /// Adds every method of `other`; where both have one, `other`'s wins.
    public mutating func register(contentsOf other: ServiceRegistry) {
        methods.merge(other.methods) { _, theirs in theirs }
    }

    /// The registered methods' paths, sorted.
    public var paths: [String] { methods.keys.sorted() }

    /// True when a method is registered at `path` (`/package.Service/Method`).
    public func serves(_ path: String) -> Bool { methods[path] != nil }

    // MARK: calling a method (what the transports' faces do)

    /// The method registered at `path`, for the faces to pick the shape they serve.
    func method(at path: String) -> RegisteredMethod? { methods[path] }

    /// Answers a unary request in JSON form: the HTTP and framed-TCP faces.
    func call(_ path: String, json: JSONValue, context: ServiceContext, requestID: String = "") async throws(BridgeError) -> JSONValue {
        guard let method = methods[path] else { throw Self.unimplemented(path) }
        guard case .unary(let answer, _) = method.shape else { throw Self.notUnary(method, context) }
        return try await observed(method, context, requestID: requestID) { () async throws(BridgeError) in try await answer(json, context) }
    }

    /// Answers a unary request in protobuf form: the gRPC face.
    func call(_ path: String, bytes: [UInt8], context: ServiceContext) async throws(BridgeError) -> [UInt8] {
        guard let method = methods[path] else { throw Self.unimplemented(path) }
        guard case .unary(_, let answer) = method.shape else { throw Self.notUnary(method, context) }
        return try await observed(method, context, requestID: "") { () async throws(BridgeError) in try await answer(bytes, context) }
    }

    /// Runs a streaming method's handler with the call's observer around it: the faces hand in
    /// what feeds the handler and what its responses go to.
    func stream(_ method: RegisteredMethod, context: ServiceContext, requestID: String = "",
                _ body: () async throws(BridgeError) -> Void) async throws(BridgeError) {
        try await observed(method, context, requestID: requestID, body)
    }

    /// What a transport that carries only unary calls answers for a streaming method.
    static func notUnary(_ method: RegisteredMethod, _ context: ServiceContext) -> BridgeError {
        let other = context.transport == "http" ? "the contract carries no streams over HTTP" : "framed TCP carries no request streams"
        return BridgeError(.unimplemented, "\(method.path) is \(method.kindName), and \(other): call it over grpc")
    }

    static func unimplemented(_ path: String) -> BridgeError {
        BridgeError(.unimplemented, "unknown method \(path)")
    }

    private func observed<T>(_ method: RegisteredMethod, _ context: ServiceContext, requestID: String,
                             _ body: () async throws(BridgeError) -> T) async throws(BridgeError) -> T {
        guard method.observed, let observer else { return try await body() }
        let started = MonotonicTime.nanoseconds()
        do {
            let result = try await body()
            observer.record(transport: context.transport, requestID: requestID, type: context.method, startedAt: started, error: nil)
            return result
        } catch {
            observer.record(transport: context.transport, requestID: requestID, type: context.method, startedAt: started,
                             error: (error.code.name, error.message))
            throw error
        }
    }
}
