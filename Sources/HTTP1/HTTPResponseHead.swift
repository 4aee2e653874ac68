/// The status line and header section of a response.
public struct HTTPResponseHead: Sendable, Equatable {
    /// The protocol version from the status line.
    public var version: HTTPVersion
    /// The three-digit status code.
    public var status: Int
    /// The reason phrase: free text that clients ignore (RFC 9112 4).
    public var reason: String
    /// The header fields in the order received, names as sent.
    public var headers: HTTPHeaders

    /// A response head; `reason` defaults to the standard phrase for `status` ("OK", "Not Found").
    public init(version: HTTPVersion = .http1_1, status: Int, reason: String? = nil, headers: HTTPHeaders = [:]) {
        self.version = version
        self.status = status
        self.reason = reason ?? HTTP1Encoder.reasonPhrase(status)
        self.headers = headers
    }

    /// Whether the connection stays open after this response: on HTTP/1.1 unless `Connection: close`,
    /// on HTTP/1.0 only with `Connection: keep-alive` (RFC 9112 9.3). A close-delimited body
    /// (no Content-Length, not chunked) ends the connection whatever this says.
    public var keepAlive: Bool { persistsConnection(version: version, headers: headers) }

    /// 1xx: an interim response, followed by another response to the same request.
    public var isInformational: Bool { status >= 100 && status < 200 }
}
