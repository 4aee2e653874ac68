/// A whole request: head, body and trailers, as `HTTP1RequestAggregator` assembles them.
public struct HTTP1Request: Sendable, Equatable {
    public var head: HTTPRequestHead
    public var body: [UInt8]
    /// Empty unless a chunked body carried trailer fields.
    public var trailers: HTTPHeaders

    public init(head: HTTPRequestHead, body: [UInt8] = [], trailers: HTTPHeaders = [:]) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }
}

/// A whole response: head, body and trailers, as `HTTP1ResponseAggregator` assembles them.
public struct HTTP1Response: Sendable, Equatable {
    public var head: HTTPResponseHead
    public var body: [UInt8]
    /// Empty unless a chunked body carried trailer fields.
    public var trailers: HTTPHeaders

    public init(head: HTTPResponseHead, body: [UInt8] = [], trailers: HTTPHeaders = [:]) {
        self.head = head
        self.body = body
        self.trailers = trailers
    }
}
