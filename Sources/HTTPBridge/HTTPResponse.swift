import BridgeCore
import HTTP1

/// A response a handler gives the HTTP server: status, headers and a whole body.
public struct HTTPResponse: Sendable {
    /// The status code (200, 202, 404...); the reason phrase is the standard one.
    public var status: Int
    /// Header fields; `Content-Length` (and `Connection` when closing) are added by the server.
    public var headers: HTTPHeaders
    /// The whole body.
    public var body: [UInt8]

    /// A response; the body is sent with a Content-Length.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body with `Content-Type: application/json`.
    public static func json(_ status: Int, _ value: JSONValue, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers.replaceOrAdd("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: JSONWriter.encode(value))
    }

    /// A BridgeMessage as the JSON body.
    public static func message(_ status: Int, _ message: BridgeMessage, headers: HTTPHeaders = [:]) -> HTTPResponse {
        var headers = headers
        headers.replaceOrAdd("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: message.jsonBytes())
    }

    /// An `ERROR` BridgeMessage with the HTTP status the contract maps its code to
    /// (or `status` when given, e.g. 413 for a body over the limit, 405, 431).
    public static func error(_ error: BridgeError, requestID: String = "", status: Int? = nil,
                             headers: HTTPHeaders = [:]) -> HTTPResponse {
        message(status ?? error.code.httpStatus, .error(error, requestID: requestID), headers: headers)
    }
}
