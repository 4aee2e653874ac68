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
/// Handlers are unary and run as tasks whose executor is the event loop of the connection the
/// call came in on (``EventLoop`` is a `TaskExecutor`): they may await, but must not block, as a
/// ``MessageService`` must not; long work belongs on a thread or pool of its own. On the loop
/// they need no thread from Swift's shared pool, so a process whose tasks are all parked in
/// blocking calls (a test, a CLI) still gets its calls answered. A handler throws a ``BridgeError`` to choose the status its caller sees; any
/// other error is `UNKNOWN`. A method registered twice keeps the later handler. A server
/// streaming or client streaming method registered here answers as a stream of one message,
/// which its gRPC clients accept; streaming handlers are not offered yet.
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

    /// Adds every method of `other`; where both have one, `other`'s wins.
    public mutating func register(contentsOf other: ServiceRegistry) {
        methods.merge(other.methods) { _, theirs in theirs }
    }

    /// The registered methods' paths, sorted.
    public var paths: [String] { methods.keys.sorted() }

    /// True when a method is registered at `path` (`/package.Service/Method`).
    public func serves(_ path: String) -> Bool { methods[path] != nil }

    // MARK: calling a method (what the transports' faces do)

    /// Answers a request in JSON form: the HTTP and framed-TCP faces.
    func call(_ path: String, json: JSONValue, context: ServiceContext, requestID: String = "") async throws(BridgeError) -> JSONValue {
        guard let method = methods[path] else { throw Self.unimplemented(path) }
        return try await observed(method, context, requestID: requestID) { () async throws(BridgeError) in try await method.json(json, context) }
    }

    /// Answers a request in protobuf form: the gRPC face.
    func call(_ path: String, bytes: [UInt8], context: ServiceContext) async throws(BridgeError) -> [UInt8] {
        guard let method = methods[path] else { throw Self.unimplemented(path) }
        return try await observed(method, context, requestID: "") { () async throws(BridgeError) in try await method.binary(bytes, context) }
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
