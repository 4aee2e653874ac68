/// Calls by method name on any ``Bridge``: the three calling styles over ``MethodCall``, and the
/// default way of carrying one, framed TCP's.
///
/// `bridge.call(Greeter.SayHello.self, request)` (BridgeServices) is the typed front of these;
/// they are here, without protobuf types, so that the styles are the same code as for
/// BridgeMessage calls.
extension Bridge {
    /// Blocking call by method name: parks the calling thread until the response arrives.
    public func callBlocking<Response>(_ call: MethodCall<Response>, options: CallOptions = .defaults) throws(BridgeError) -> Response {
        try waitStamped(start(call, options: options))
    }

    /// Async call by method name; cancelling the task cancels the call.
    nonisolated(nonsending) public func call<Response>(_ call: MethodCall<Response>, options: CallOptions = .defaults) async throws(BridgeError) -> Response {
        try await awaitStamped(start(call, options: options))
    }

    /// Callback call by method name: `onResult` runs on the callback pool. Cancel with the
    /// returned handle.
    @discardableResult
    public func call<Response>(_ call: MethodCall<Response>, options: CallOptions = .defaults,
                               onResult: @escaping @Sendable (Result<Response, BridgeError>) -> Void) -> PendingResult<Response> {
        notifyStamped(start(call, options: options), onResult)
    }

    /// The framed-TCP form of a call by method name, which any bridge that carries
    /// BridgeMessages can use: a request of type `package.Service/Method` whose attributes are the
    /// request's JSON object; the answer's attributes are the response's JSON object (an `ERROR`
    /// answer fails the call, as for every BridgeMessage call).
    public func start<Response: Sendable>(_ call: MethodCall<Response>, options: CallOptions) -> PendingResult<Response> {
        guard case .object(let attributes) = call.requestJSON() else {
            // A request type whose JSON is not an object (google.protobuf.Value, say) has no
            // place in attributes, which the contract makes a JSON object.
            return .failed(BridgeError(.invalidArgument, "the request to \(call.path) has no JSON object form to carry as attributes",
                                       transport: transport, target: target))
        }
        return start(.request(call.messageType, attributes: attributes), options: options).map { answer throws(BridgeError) in
            try call.responseFromJSON(.object(answer.attributes))
        }
    }

    /// The framed-TCP form of a server-streaming call by method name: a ``watch(_:options:)`` of
    /// a request of type `package.Service/Method` whose attributes are the request's JSON object;
    /// each answer's attributes are one response's JSON object, `END` ends the stream and `ERROR`
    /// fails it with its code.
    public func startStream<Response: Sendable>(_ call: MethodCall<Response>, options: CallOptions) -> MessageStream<Response> {
        guard case .object(let attributes) = call.requestJSON() else {
            return .failed(BridgeError(.invalidArgument, "the request to \(call.path) has no JSON object form to carry as attributes",
                                       transport: transport, target: target), pool: callbackPool)
        }
        let (transport, target) = (self.transport, self.target)
        return watch(.request(call.messageType, attributes: attributes), options: options).map { answer throws(BridgeError) in
            do throws(BridgeError) {
                return try call.responseFromJSON(.object(answer.attributes))
            } catch {
                throw error.at(transport: transport, target: target)
            }
        }
    }
}
