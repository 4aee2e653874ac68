/// A whole request: head, body and trailers, as `HTTP1RequestAggregator` assembles them.
public struct HTTP1Request: Sendable, Equatable {
    /// The request line and headers.
    public var head: HTTPRequestHead
    /// The whole body, de-chunked; empty when there was none.
    public var body: [UInt8]
    /// Empty unless a chunked body carried trailer fields.
    public var trailers: HTTPHeaders

    /// A request from its parts (for tests and clients building one).
    public init(head: HTTPRequestHead, body: [UInt8] = [], trailers: HTTPHeaders = [:]) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }
}

/// A whole response: head, body and trailers, as `HTTP1ResponseAggregator` assembles them.
public struct HTTP1Response: Sendable, Equatable {
    /// The status line and headers.
    public var head: HTTPResponseHead
    /// The whole body, de-chunked; empty when there was none.
    public var body: [UInt8]
    /// Empty unless a chunked body carried trailer fields.
    public var trailers: HTTPHeaders

    /// A response from its parts.
    public init(head: HTTPResponseHead, body: [UInt8] = [], trailers: HTTPHeaders = [:]) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }
}
