/// Incremental client-side response decoder, with the same contract as `HTTP1RequestDecoder`:
/// feed bytes as they arrive, get the events it could complete and how many bytes it consumed.
///
/// Whether a response has a body depends on the request it answers (none for HEAD), so push
/// each request's method with `expectResponse(toMethod:)` in the order the requests were sent;
/// bytes that arrive when no response is expected are an error.
///
/// Interim 1xx responses are delivered as their own head and end, and the final response to the
/// same request follows. After `101 Switching Protocols` (or a 2xx answer to CONNECT) the
/// connection no longer speaks HTTP/1.1: `isUpgraded` turns true and `decode` consumes nothing
/// more, leaving the remaining bytes to the caller.
public struct HTTP1ResponseDecoder: Sendable {
    /// What ``decode`` reports, in order: one head, any body pieces, one end per response.
    public enum Event: Sendable, Equatable {
        /// The status line and headers.
        case head(HTTPResponseHead)
        /// A piece of body; pieces concatenate to the body.
        case body([UInt8])
        /// The response is complete; trailers are empty unless a chunked body carried some.
        case end(trailers: HTTPHeaders)
    }

    private enum Phase: Sendable {
        case statusLine, fields, body, upgraded
    }

    private let limits: HTTP1Limits
    private var phase = Phase.statusLine
    private var scannedInLine = 0
    private var unconsumed = 0
    private var statusLine: (version: HTTPVersion, status: Int, reason: String) = (.http1_1, 0, "")
    private var fields: FieldSectionReader
    private var body: BodyDecoder
    private var methods: [String] = []
    private var nextMethod = 0
    private var failure: HTTP1Error?

    /// A decoder at the start of a connection, refusing what breaks `limits`.
    public init(limits: HTTP1Limits = .defaults) {
        self.limits = limits
        fields = FieldSectionReader(maxBytes: limits.maxHeaderBytes, maxCount: limits.maxHeaderCount, kind: "header")
        body = BodyDecoder(maxBodyBytes: limits.maxBodyBytes)
    }

    /// Records that a request with `method` was sent, so its response can be framed.
    public mutating func expectResponse(toMethod method: String) {
        if nextMethod > 32 && nextMethod * 2 > methods.count {
            methods.removeFirst(nextMethod)
            nextMethod = 0
        }
        methods.append(method)
    }

    /// Responses expected and not yet complete.
    public var outstandingResponses: Int { methods.count - nextMethod }

    /// True once the connection switched protocols; later bytes are not HTTP/1.1.
    public var isUpgraded: Bool { phase == .upgraded }

    /// Decodes what it can of `bytes`; see the type's documentation for the contract. When it
    /// throws, the events of this call are dropped and the connection should be closed.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(HTTP1Error) -> (events: [Event], consumed: Int) {
        var sink = EventCollector()
        let consumed = try decode(bytes, into: &sink)
        return (sink.events, consumed)
    }

    /// Decodes what it can of `bytes`; see the type's documentation for the contract.
    public mutating func decode(_ bytes: [UInt8]) throws(HTTP1Error) -> (events: [Event], consumed: Int) {
        var sink = EventCollector()
        let consumed = bytes.withUnsafeBytes { buffer in
            Result { () throws(HTTP1Error) -> Int in try decode(buffer, into: &sink) }
        }
        return (sink.events, try consumed.get())
    }

    /// The peer closed: completes a close-delimited body (HTTP/1.0 style, no length) or throws if
    /// mid-message (a truncated head, a short Content-Length body, an unfinished chunked body).
    /// Between messages it returns no events (`outstandingResponses` tells whether a request
    /// went unanswered).
    public mutating func endOfInput() throws(HTTP1Error) -> [Event] {
        var sink = EventCollector()
        try endOfInput(into: &sink)
        return sink.events
    }

    mutating func endOfInput<Sink: MessageSink<HTTPResponseHead>>(into sink: inout Sink) throws(HTTP1Error) {
        if let failure { throw failure }
        switch phase {
        case .upgraded:
            return
        case .statusLine where unconsumed == 0:
            return
        case .body where body.isCloseDelimited:
            sink.end(trailers: HTTPHeaders())
            finishResponse()
            return
        case .statusLine, .fields, .body:
            let error = HTTP1Error.badRequest("connection closed in the middle of a response")
            failure = error
            throw error
        }
    }

    /// The decoding loop, delivering to any sink; returns the bytes consumed.
    mutating func decode<Sink: MessageSink<HTTPResponseHead>>(
        _ bytes: UnsafeRawBufferPointer, into sink: inout Sink
    ) throws(HTTP1Error) -> Int {
        if let failure { throw failure }
        do {
            let consumed = try run(bytes, into: &sink)
            unconsumed = bytes.count - consumed
            return consumed
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func run<Sink: MessageSink<HTTPResponseHead>>(
        _ bytes: UnsafeRawBufferPointer, into sink: inout Sink
    ) throws(HTTP1Error) -> Int {
        var offset = 0
        while true {
            switch phase {
            case .upgraded:
                return offset
            case .statusLine:
                guard offset < bytes.count else { return offset }
                guard nextMethod < methods.count else { throw .badRequest("response bytes with no request outstanding") }
                switch try LineReader.find(in: bytes, lineStart: offset, scanFrom: offset + scannedInLine) {
                case .incomplete(let scannedTo):
                    scannedInLine = scannedTo - offset
                    guard scannedInLine <= limits.maxRequestLineBytes else { throw tooLong() }
                    return offset
                case .line(let content, let next):
                    scannedInLine = 0
                    guard content.count <= limits.maxRequestLineBytes else { throw tooLong() }
                    statusLine = try StartLine.parseStatusLine(bytes, content)
                    offset = next
                    phase = .fields
                }
            case .fields:
                switch try fields.read(bytes, from: offset) {
                case .needMore(let consumed):
                    return consumed
                case .complete(let next):
                    offset = next
                    let (headers, framingFields) = fields.take()
                    let head = HTTPResponseHead(
                        version: statusLine.version, status: statusLine.status,
                        reason: statusLine.reason, headers: headers)
                    let framing = try MessageFraming.response(
                        head, fields: framingFields, requestMethod: methods[nextMethod], limits: limits)
                    switch framing {
                    case .length(let length):
                        sink.head(head, bodyLength: length)
                        body.start(framing, limits: limits)
                        phase = .body
                    case .chunked, .untilClose:
                        sink.head(head, bodyLength: nil)
                        body.start(framing, limits: limits)
                        phase = .body
                    case .upgrade:
                        sink.head(head, bodyLength: 0)
                        sink.end(trailers: HTTPHeaders())
                        finishResponse()
                        phase = .upgraded
                    case .none:
                        sink.head(head, bodyLength: 0)
                        sink.end(trailers: HTTPHeaders())
                        if head.isInformational {
                            phase = .statusLine  // the final response to the same request follows
                        } else {
                            finishResponse()
                        }
                    }
                }
            case .body:
                let (next, trailers) = try body.decode(bytes, from: offset, into: &sink)
                offset = next
                guard let trailers else { return offset }
                sink.end(trailers: trailers)
                finishResponse()
            }
        }
    }

    private mutating func finishResponse() {
        nextMethod += 1
        phase = .statusLine
    }

    private func tooLong() -> HTTP1Error {
        .badRequest("status line over \(limits.maxRequestLineBytes) bytes")
    }

    /// Collects parts as public events.
    private struct EventCollector: MessageSink {
        var events: [Event]

        init() {
            events = []
            events.reserveCapacity(4)
        }

        mutating func head(_ head: HTTPResponseHead, bodyLength: Int?) {
            events.append(.head(head))
        }

        mutating func body(_ bytes: UnsafeRawBufferPointer) {
            events.append(.body(Array(bytes)))
        }

        mutating func end(trailers: HTTPHeaders) {
            events.append(.end(trailers: trailers))
        }
    }
}
