import BridgeCore

extension HTTPBridge {
    /// A call by method name over HTTP: `POST /package.Service/Method` with the request's JSON as
    /// the body; a 2xx answer's body is the response's JSON, any other status the contract's
    /// ERROR body (or, without one, the code the status maps to).
    public func start<Response: Sendable>(_ call: MethodCall<Response>, options: CallOptions) -> PendingResult<Response> {
        let pending = PendingResult<Response>()
        let target = self.target
        client.send(method: "POST", path: call.path, headers: requestHeaders(options.metadata), body: JSONWriter.encode(call.requestJSON()),
                    deadline: options.effectiveDeadline()) { result in
            pending.complete(result.flatMap { response in Self.methodResponse(response, of: call, target: target) })
        }
        return pending
    }

    /// The response a method call's HTTP answer carries, or the error it reports.
    static func methodResponse<Response>(_ response: HTTPClientResponse, of call: MethodCall<Response>,
                                         target: String) -> Result<Response, BridgeError> {
        guard (200..<300).contains(response.status) else {
            return .failure(error(from: response, message: try? BridgeMessage(json: response.body), target: target))
        }
        return Result { () throws(BridgeError) in
            let json: JSONValue
            do {
                json = try JSONParser.parse(response.body)
            } catch {
                throw BridgeError(.internal, "the answer from \(call.path) is not JSON: \(error)")
            }
            return try call.responseFromJSON(json)
        }.mapError { $0.at(transport: "http", target: target) }
    }

    /// Streams have no HTTP form in the contract (CONTRACT.md section 2 has no push): a
    /// server-streaming call by method name fails at once with `UNIMPLEMENTED`, sending nothing.
    public func startStream<Response: Sendable>(_ call: MethodCall<Response>, options: CallOptions) -> MessageStream<Response> {
        .failed(BridgeError(.unimplemented, "\(call.path) streams, and the contract carries no streams over HTTP: call it over grpc or tcp",
                            transport: "http", target: target), pool: callbackPool)
    }
}

