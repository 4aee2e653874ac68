import BridgeIO
import HTTP1

/// What the HTTP server knows about where a request came from.
public struct HTTPRequestContext: Sendable {
    /// The connection's event loop: for timers, and where the handler is called.
    public let loop: EventLoop
    /// The client's numeric IP address (empty for a Unix socket): what per-client limits key on.
    public let peer: String
}

/// Answers one request. Called on the connection's loop with the whole request; must not
/// block. Answer exactly once through `responder`, from any thread, now or later.
public protocol HTTPRequestHandler: Sendable {
    /// Answers `request` through `responder`, exactly once; `context` says which loop and peer.
    func handle(_ request: HTTP1Request, context: HTTPRequestContext, responder: HTTPResponder)
}

/// Sends the answer to one request; answers to pipelined requests leave in request order
/// whatever order they are given in.
public struct HTTPResponder: Sendable {
    let connection: HTTPServerConnection
    let sequence: Int

    /// Sends `response`. Safe from any thread; a second answer to the same request is ignored.
    public func respond(_ response: HTTPResponse) {
        let connection = self.connection
        let sequence = self.sequence
        connection.loop.executeOrRun { connection.respond(response, to: sequence) }
    }
}
