import HTTP1

/// A whole HTTP response as the client read it.
public struct HTTPClientResponse: Sendable {
    /// The status line and headers.
    public var head: HTTPResponseHead
    /// The whole body.
    public var body: [UInt8]

    /// The status code (`head.status`).
    public var status: Int { head.status }
}
