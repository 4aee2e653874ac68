import BridgeCore

/// Wraps a handler so calls without `authorization: Bearer <token>` metadata end with
/// UNAUTHENTICATED before the handler sees them (the token compared in constant time).
public struct GRPCBearerAuth: GRPCHandler {
    /// The token calls must carry.
    public let token: String
    /// The handler calls with the right token reach.
    public let handler: any GRPCHandler

    /// Puts `handler` behind `token`.
    public init(token: String, _ handler: any GRPCHandler) {
        self.token = token
        self.handler = handler
    }

    public func handle(_ call: GRPCServerCall) {
        guard case .text(let value)? = call.metadata["authorization"], value.hasPrefix("Bearer "),
              HMAC.constantTimeEquals(Array(value.dropFirst(7).utf8), Array(token.utf8)) else {
            call.finish(GRPCStatus(.unauthenticated, "missing or wrong bearer token in authorization metadata"))
            return
        }
        handler.handle(call)
    }
}

extension GRPCRouter {
    /// Every registered method behind ``GRPCBearerAuth`` (a no-op without a token).
    public func requiringToken(_ token: String?) -> GRPCRouter {
        guard let token else { return self }
        var wrapped = GRPCRouter()
        for path in paths {
            if let handler = handler(for: path) { wrapped.register(path, GRPCBearerAuth(token: token, handler)) }
        }
        return wrapped
    }
}
