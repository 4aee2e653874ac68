/// Incremental server-side request decoder (RFC 9112): feed bytes as they arrive; it returns the
/// events it could complete and how many bytes it consumed. The caller keeps the rest and offers
/// them again with more bytes appended.
///
/// Pipelining needs nothing special: one buffer holding several requests yields all their events
/// in order. Complete lines and body bytes are consumed as soon as they are seen, so the caller
/// holds at most one unfinished line. After an error the decoder stays failed and rethrows it:
/// the connection can no longer be framed and should be answered with `error.status` and closed.
///
/// Strict where peers could disagree about framing (RFC 9112 11.2): Content-Length with
/// Transfer-Encoding, conflicting or malformed lengths, obsolete line folding, whitespace before a
/// colon, bare CR, bad chunk sizes are 400; a missing Host on HTTP/1.1 is 400; Transfer-Encoding
/// other than exactly `chunked` is 501 (no content coding is undone here). Bare LF line endings
/// and empty lines before a request line are accepted (RFC 9112 2.2). The decoder reports
/// `Expect: 100-continue` and persistence on the head and leaves the decisions to the server; it
/// keeps decoding after a request that asks to close.
public struct HTTP1RequestDecoder: Sendable {
    /// What ``decode`` reports, in order: one head, any body pieces, one end per request.
    public enum Event: Sendable, Equatable {
        /// The request line and headers.
        case head(HTTPRequestHead)
        /// A piece of body (Content-Length or de-chunked); pieces concatenate to the body.
        case body([UInt8])
        /// The request is complete; trailers are empty unless a chunked body carried some.
        case end(trailers: HTTPHeaders)
    }

    private enum Phase: Sendable {
        case requestLine, fields, body
    }

    private let limits: HTTP1Limits
    private var phase = Phase.requestLine
    private var scannedInLine = 0
    private var requestLine: (method: String, target: String, version: HTTPVersion) = ("", "", .http1_1)
    private var fields: FieldSectionReader
    private var body: BodyDecoder
    private var failure: HTTP1Error?

    /// A decoder at the start of a connection, refusing what breaks `limits`.
    public init(limits: HTTP1Limits = .defaults) {
        self.limits = limits
        fields = FieldSectionReader(maxBytes: limits.maxHeaderBytes, maxCount: limits.maxHeaderCount, kind: "header")
        body = BodyDecoder(maxBodyBytes: limits.maxBodyBytes)
    }

    /// Decodes what it can of `bytes`; see the type's documentation for the contract. When it
    /// throws, the events of this call are dropped: answer with `error.status` and close.
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

    /// True once part of a request has been consumed and until it ends: a peer closing now
    /// truncated a request.
    public var isMidMessage: Bool {
        phase != .requestLine || scannedInLine > 0
    }

    /// The decoding loop, delivering to any sink; returns the bytes consumed.
    mutating func decode<Sink: MessageSink<HTTPRequestHead>>(
        _ bytes: UnsafeRawBufferPointer, into sink: inout Sink
    ) throws(HTTP1Error) -> Int {
        if let failure { throw failure }
        do {
            return try run(bytes, into: &sink)
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func run<Sink: MessageSink<HTTPRequestHead>>(
        _ bytes: UnsafeRawBufferPointer, into sink: inout Sink
    ) throws(HTTP1Error) -> Int {
        var offset = 0
        while true {
            switch phase {
            case .requestLine:
                guard offset < bytes.count else { return offset }
                switch try LineReader.find(in: bytes, lineStart: offset, scanFrom: offset + scannedInLine) {
                case .incomplete(let scannedTo):
                    scannedInLine = scannedTo - offset
                    guard scannedInLine <= limits.maxRequestLineBytes else { throw tooLong() }
                    return offset
                case .line(let content, let next):
                    scannedInLine = 0
                    offset = next
                    if content.isEmpty { continue }  // RFC 9112 2.2: ignore empty lines before a request
                    guard content.count <= limits.maxRequestLineBytes else { throw tooLong() }
                    requestLine = try StartLine.parseRequestLine(bytes, content)
                    phase = .fields
                }
            case .fields:
                switch try fields.read(bytes, from: offset) {
                case .needMore(let consumed):
                    return consumed
                case .complete(let next):
                    offset = next
                    let (headers, framingFields) = fields.take()
                    let head = HTTPRequestHead(
                        method: requestLine.method, target: requestLine.target,
                        version: requestLine.version, headers: headers)
                    requestLine = ("", "", .http1_1)
                    let framing = try MessageFraming.request(head, fields: framingFields, limits: limits)
                    switch framing {
                    case .length(let length):
                        sink.head(head, bodyLength: length)
                        body.start(framing, limits: limits)
                        phase = .body
                    case .chunked:
                        sink.head(head, bodyLength: nil)
                        body.start(framing, limits: limits)
                        phase = .body
                    case .none, .untilClose, .upgrade:
                        sink.head(head, bodyLength: 0)
                        sink.end(trailers: HTTPHeaders())
                        phase = .requestLine
                    }
                }
            case .body:
                let (next, trailers) = try body.decode(bytes, from: offset, into: &sink)
                offset = next
                guard let trailers else { return offset }
                sink.end(trailers: trailers)
                phase = .requestLine
            }
        }
    }

    private func tooLong() -> HTTP1Error {
        .requestLineTooLong("request line over \(limits.maxRequestLineBytes) bytes")
    }

    /// Collects parts as public events.
    private struct EventCollector: MessageSink {
        var events: [Event]

        init() {
            events = []
            events.reserveCapacity(4)
        }

        mutating func head(_ head: HTTPRequestHead, bodyLength: Int?) {
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
