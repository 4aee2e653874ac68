/// Aggregates decoder events into whole requests (head + body + trailers), enforcing
/// `maxBodyBytes`, for servers that handle a request once it is complete.
///
/// `decode` has the decoder's incremental contract and returns the requests it could complete.
/// While a request's body is still arriving, `pendingHead` holds its head, so a server can answer
/// `Expect: 100-continue` (or refuse early) before the body is sent.
public struct HTTP1RequestAggregator: Sendable {
    private var decoder: HTTP1RequestDecoder
    private var assembler: MessageAssembler<HTTP1Request>

    /// An aggregator at the start of a connection, refusing what breaks `limits`.
    public init(limits: HTTP1Limits = .defaults) {
        decoder = HTTP1RequestDecoder(limits: limits)
        assembler = MessageAssembler(maxBodyBytes: limits.maxBodyBytes)
    }

    /// The head of the request whose body is still arriving, if any.
    public var pendingHead: HTTPRequestHead? { assembler.pendingHead }

    /// Decodes what it can of `bytes` into whole requests; returns them and the bytes consumed.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(HTTP1Error) -> (requests: [HTTP1Request], consumed: Int) {
        let consumed = try decoder.decode(bytes, into: &assembler)
        return (try takeRequests(), consumed)
    }

    /// Decodes what it can of `bytes` into whole requests; returns them and the bytes consumed.
    public mutating func decode(_ bytes: [UInt8]) throws(HTTP1Error) -> (requests: [HTTP1Request], consumed: Int) {
        let consumed = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTP1Error) -> Int in try decoder.decode(buffer, into: &assembler) }
        }
        return (try takeRequests(), try consumed.get())
    }

    /// Adds one event from an `HTTP1RequestDecoder` run by the caller; returns the request it completes.
    /// Throws 413 when the body goes over the limit, 400 for events out of order.
    public mutating func push(_ event: HTTP1RequestDecoder.Event) throws(HTTP1Error) -> HTTP1Request? {
        switch event {
        case .head(let head):
            guard assembler.pendingHead == nil else { throw .badRequest("request head before the previous request ended") }
            assembler.head(head, bodyLength: nil)
        case .body(let bytes):
            guard assembler.pendingHead != nil else { throw .badRequest("body without a request head") }
            bytes.withUnsafeBytes { assembler.body($0) }
        case .end(let trailers):
            guard assembler.pendingHead != nil else { throw .badRequest("end without a request head") }
            assembler.end(trailers: trailers)
        }
        return try takeRequests().first
    }

    private mutating func takeRequests() throws(HTTP1Error) -> [HTTP1Request] {
        try assembler.takeCompleted()
    }
}
