/// Aggregates response decoder events into whole responses, enforcing `maxBodyBytes`, for
/// clients that handle a response once it is complete.
///
/// Same contract as `HTTP1ResponseDecoder` (push each request's method with
/// `expectResponse(toMethod:)`); interim 1xx responses come out as responses of their own, with
/// an empty body, before the final one.
public struct HTTP1ResponseAggregator: Sendable {
    private var decoder: HTTP1ResponseDecoder
    private var assembler: MessageAssembler<HTTP1Response>

    /// An aggregator at the start of a connection, refusing what breaks `limits`.
    public init(limits: HTTP1Limits = .defaults) {
        decoder = HTTP1ResponseDecoder(limits: limits)
        assembler = MessageAssembler(maxBodyBytes: limits.maxBodyBytes)
    }

    /// Records that a request with `method` was sent, so its response can be framed.
    public mutating func expectResponse(toMethod method: String) {
        decoder.expectResponse(toMethod: method)
    }

    /// Responses expected and not yet complete.
    public var outstandingResponses: Int { decoder.outstandingResponses }

    /// True once the connection switched protocols; later bytes are not HTTP/1.1.
    public var isUpgraded: Bool { decoder.isUpgraded }

    /// Decodes what it can of `bytes` into whole responses; returns them and the bytes consumed.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(HTTP1Error) -> (responses: [HTTP1Response], consumed: Int) {
        let consumed = try decoder.decode(bytes, into: &assembler)
        return (try takeResponses(), consumed)
    }

    /// Decodes what it can of `bytes` into whole responses; returns them and the bytes consumed.
    public mutating func decode(_ bytes: [UInt8]) throws(HTTP1Error) -> (responses: [HTTP1Response], consumed: Int) {
        let consumed = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTP1Error) -> Int in try decoder.decode(buffer, into: &assembler) }
        }
        return (try takeResponses(), try consumed.get())
    }

    /// The peer closed: completes a close-delimited response or throws if mid-message.
    public mutating func endOfInput() throws(HTTP1Error) -> [HTTP1Response] {
        try decoder.endOfInput(into: &assembler)
        return try takeResponses()
    }

    private mutating func takeResponses() throws(HTTP1Error) -> [HTTP1Response] {
        try assembler.takeCompleted()
    }
}
