import BridgeCore
import Protobuf

/// Calls by generated method descriptor on any ``Bridge``, in the three calling styles:
///
/// ```swift
/// let reply = try await bridge.call(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest(name: "Ada"))
/// let same = try bridge.callBlocking(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest(name: "Ada"))
/// bridge.call(Greeter_V1_Greeter.SayHello.self, Greeter_V1_HelloRequest(name: "Ada")) { result in print(result) }
/// ```
///
/// TCP and HTTP carry the messages' proto3 JSON, gRPC their protobuf bytes (see
/// ``ServiceRegistry`` for the server side). Errors are ``BridgeError``s with the bridge's
/// transport and target, as for every call.
extension Bridge {
    /// Async call of `method`; cancelling the task cancels the call.
    public func call<M: ProtoMethod>(_ method: M.Type, _ request: M.Request, options: CallOptions = .defaults) async throws(BridgeError) -> M.Response
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        try await call(MethodCall(method, request), options: options)
    }

    /// Blocking call of `method`: parks the calling thread (never an event loop's, nor one a
    /// task runs on) until the response arrives.
    public func callBlocking<M: ProtoMethod>(_ method: M.Type, _ request: M.Request, options: CallOptions = .defaults) throws(BridgeError) -> M.Response
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        try callBlocking(MethodCall(method, request), options: options)
    }

    /// Callback call of `method`: `onResult` runs on the callback pool; cancel with the handle.
    @discardableResult
    public func call<M: ProtoMethod>(_ method: M.Type, _ request: M.Request, options: CallOptions = .defaults,
                                     onResult: @escaping @Sendable (Result<M.Response, BridgeError>) -> Void) -> PendingResult<M.Response>
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        call(MethodCall(method, request), options: options, onResult: onResult)
    }

    /// Server-streaming call of `method`: its responses in order, as an `AsyncSequence` (or with
    /// ``MessageStream/observe(onMessage:onError:onComplete:)``). The stream ends when the server
    /// ends it; a handler's error ends it with that error, after the responses sent before it.
    /// Cancel it (or the task iterating it) to stop the call. gRPC and framed TCP carry it;
    /// over HTTP it fails at once with `UNIMPLEMENTED`, as the contract has no HTTP streams.
    ///
    /// ```swift
    /// for try await reply in bridge.stream(Greeter_V1_Greeter.SayHelloStream.self, Greeter_V1_HelloRequest(name: "Ada")) {
    ///     print(reply.message)
    /// }
    /// ```
    public func stream<M: ProtoMethod>(_ method: M.Type, _ request: M.Request, options: CallOptions = .defaults) -> MessageStream<M.Response>
    where M.Request: ProtoJSONMessage, M.Response: ProtoJSONMessage {
        startStream(MethodCall(method, request), options: options)
    }
}

extension MethodCall where Response: ProtoJSONMessage {
    /// A call of a generated method with `request`, its JSON written with the .proto field names
    /// (the contract's JSON form).
    public init<M: ProtoMethod>(_ method: M.Type, _ request: M.Request) where M.Request: ProtoJSONMessage, M.Response == Response {
        self.init(path: M.path, requestJSON: { request.json(options: .wire) }, requestBytes: { request.serializedBytes() },
                  readJSON: { try Response(json: $0) }, readBytes: { try Response(serializedBytes: $0) })
    }
}
