import BridgeCore

/// Where a streaming method's handler sends its responses, whatever the transport: gRPC
/// response messages, framed-TCP answers carrying the request's `message_id` as `request_id`.
///
/// ```swift
/// services.registerServerStreaming(Greeter_V1_Greeter.SayHelloStream.self) { request, responses, context in
///     for count in 1...3 {
///         try await responses.send(Greeter_V1_HelloReply(message: "Hello, \(request.name)!", visits: Int64(count)))
///     }
/// }
/// ```
///
/// ``send(_:)`` returns once the response is on its way; over gRPC it waits while the client's
/// flow-control window is shut, so a handler goes at the pace its client reads. It throws
/// `CANCELLED` once the call is over (the client cancelled, the deadline passed, the connection
/// went): let that error propagate and the handler stops. Responses leave in the order sent;
/// send from one task at a time.
public struct ResponseWriter<Response: Sendable>: Sendable {
    private let emit: @Sendable (Response) async throws(BridgeError) -> Void

    /// A writer that hands each response to `emit`; transports make these, tests may too.
    public init(_ emit: @escaping @Sendable (Response) async throws(BridgeError) -> Void) {
        self.emit = emit
    }

    /// Sends one response; throws `CANCELLED` when the call is over (or the task is cancelled).
    public func send(_ response: Response) async throws(BridgeError) {
        if Task.isCancelled { throw BridgeError.cancelled("the call is over") }
        try await emit(response)
    }
}
