import BridgeCore
import HTTP1
import HTTPBridge

/// The HTTP face of a ``ServiceRegistry``: `POST /package.Service/Method` with the request's
/// proto3 JSON as the body; 200 with the response's JSON, or the contract's error shape (an
/// `ERROR` BridgeMessage with the status its code maps to: 400 for a body that is not the
/// request, 404 for an unknown method, 405 for another HTTP method). A streaming method answers
/// `UNIMPLEMENTED` (404), naming itself: the contract carries no streams over HTTP.
///
/// It answers only for the registry's paths; a server with other routes asks
/// ``ServiceRegistry/serves(_:)`` first (the validation service's `HTTPRoutes` does, after its
/// own table, its token check and its rate limit). Used alone it is a whole handler.
public struct MethodHTTPHandler: HTTPRequestHandler {
    /// The methods this handler answers.
    public let registry: ServiceRegistry

    /// A handler for `registry`'s methods.
    public init(registry: ServiceRegistry) {
        self.registry = registry
    }

    public func handle(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder) {
        let path = request.head.path
        guard let method = registry.method(at: path) else { return responder.respond(.error(ServiceRegistry.unimplemented(path))) }
        guard request.head.method == "POST" else {
            var headers: HTTPHeaders = [:]
            headers.add("Allow", "POST")
            return responder.respond(.error(BridgeError(.unimplemented, "\(request.head.method) is not allowed on \(path)"),
                                            status: 405, headers: headers))
        }
        let serviceContext = ServiceContext(transport: "http", method: path, metadata: Self.metadata(request.head.headers), loop: context.loop)
        guard case .unary = method.shape else {
            // The contract has no HTTP streams: say so rather than answer with one message.
            return responder.respond(.error(ServiceRegistry.notUnary(method, serviceContext)))
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(request.body)
        } catch {
            return responder.respond(.error(.invalidArgument("the body of \(path) is not JSON: \(error)")))
        }
        Task(executorPreference: serviceContext.loop) { [registry] in
            do throws(BridgeError) {
                responder.respond(.json(200, try await registry.call(path, json: json, context: serviceContext)))
            } catch {
                responder.respond(.error(error))
            }
        }
    }

    /// Headers as the handler sees them: names in lower case, repeated fields joined by ", ".
    static func metadata(_ headers: HTTPHeaders) -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            fields[key] = fields[key].map { $0 + ", " + value } ?? value
        }
        return fields
    }
}
