import BridgeCore

/// The framed-TCP face of a ``ServiceRegistry``, as a ``MessageService`` in front of another.
///
/// A message whose `type` is a registered `package.Service/Method` is a call: its attributes are
/// the request's JSON object, and the answer (same type, `request_id` = the request's
/// `message_id`, a fresh `message_id`) carries the response's JSON object as attributes, or is
/// the contract's `ERROR`. Every other message goes to `fallback` (the validation service), so
/// one listener serves both and an unknown method is answered as any unknown type is:
/// `ERROR UNIMPLEMENTED`.
///
/// A server-streaming method answers as the contract's `WATCH` does: one answer of the method's
/// type per response, each with `request_id` = the request's `message_id`, then an `END` (or an
/// `ERROR` with the handler's status, after the responses sent before it). Methods that stream
/// requests answer `ERROR UNIMPLEMENTED`: framed TCP has no request streams.
public struct ServiceDispatcher: MessageService {
    /// The methods answered here.
    public let registry: ServiceRegistry
    /// What answers every other message type.
    public let fallback: any MessageService

    /// Calls to `registry`'s methods go to them, everything else to `fallback`.
    public init(registry: ServiceRegistry, fallback: any MessageService) {
        self.registry = registry
        self.fallback = fallback
    }

    /// The registry alone: every other message type is answered `ERROR UNIMPLEMENTED`.
    public init(registry: ServiceRegistry) {
        self.init(registry: registry, fallback: UnknownTypes())
    }

    public func handle(_ request: BridgeMessage, replies: any ReplyWriter) {
        // A method's type is `package.Service/Method`; the contract's types (VALIDATION_REQUEST,
        // PING...) have no slash, and skip building a path and hashing it on every request.
        var type = request.type
        guard type.withUTF8({ $0.contains(UInt8(ascii: "/")) }) else { return fallback.handle(request, replies: replies) }
        let path = "/" + request.type
        guard let method = registry.method(at: path) else { return fallback.handle(request, replies: replies) }
        let context = ServiceContext(transport: replies.transport, method: path, loop: replies.loop)
        Task(executorPreference: context.loop) { [registry] in
            do throws(BridgeError) {
                if case .serverStreaming(let run, _) = method.shape {
                    try await registry.stream(method, context: context, requestID: request.messageID) { () async throws(BridgeError) in
                        try await run(.object(request.attributes), context) { response throws(BridgeError) in
                            replies.send(.reply(to: request, type: request.type, attributes: try Self.attributes(response, path)))
                            // At the pace the client reads; a closed connection stops the handler.
                            let ready = await withCheckedContinuation { continuation in replies.whenReady { continuation.resume(returning: $0) } }
                            guard ready else { throw BridgeError.cancelled("\(path) is over: the connection closed") }
                        }
                    }
                    replies.reply(.reply(to: request, type: MessageType.end))
                } else {
                    let response = try await registry.call(path, json: .object(request.attributes), context: context, requestID: request.messageID)
                    replies.reply(.reply(to: request, type: request.type, attributes: try Self.attributes(response, path)))
                }
            } catch {
                replies.reply(.error(error, requestID: request.messageID))
            }
        }
    }

    /// A response's JSON object, to carry as an answer's attributes.
    private static func attributes(_ response: JSONValue, _ path: String) throws(BridgeError) -> [String: JSONValue] {
        guard case .object(let attributes) = response else {
            throw BridgeError(.internal, "the response of \(path) has no JSON object form to carry as attributes")
        }
        return attributes
    }
}

/// Answers every message `ERROR UNIMPLEMENTED`, as the contract answers a type it does not know.
struct UnknownTypes: MessageService {
    func handle(_ request: BridgeMessage, replies: any ReplyWriter) {
        let shown = request.type.isEmpty ? "(empty)" : "'\(request.type)'"
        replies.reply(.error(BridgeError(.unimplemented, "unknown message type \(shown)"), requestID: request.messageID))
    }
}
