/// Delivers a message body under the framing its head chose, shared by both decoders.
struct BodyDecoder: Sendable {
    private enum Mode: Sendable {
        case length(remaining: Int)
        case chunked(ChunkedBodyDecoder)
        case untilClose(received: Int)
        case idle
    }

    private var mode = Mode.idle
    private let maxBodyBytes: Int

    init(maxBodyBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
    }

    /// Starts a body; `framing` must be `.length`, `.chunked` or `.untilClose`.
    mutating func start(_ framing: MessageFraming, limits: HTTP1Limits) {
        switch framing {
        case .length(let length): mode = .length(remaining: length)
        case .chunked: mode = .chunked(ChunkedBodyDecoder(limits: limits))
        case .untilClose: mode = .untilClose(received: 0)
        case .none, .upgrade: mode = .idle
        }
    }

    /// Whether the body ends only when the peer closes.
    var isCloseDelimited: Bool {
        if case .untilClose = mode { return true }
        return false
    }

    /// Decodes body bytes from `start`; returns where it stopped and, once the body is complete,
    /// its trailers (empty unless chunked with trailers).
    mutating func decode<Sink: MessageSink>(
        _ bytes: UnsafeRawBufferPointer, from start: Int, into sink: inout Sink
    ) throws(HTTP1Error) -> (next: Int, trailers: HTTPHeaders?) {
        switch mode {
        case .length(let remaining):
            let take = min(remaining, bytes.count - start)
            if take > 0 { sink.body(UnsafeRawBufferPointer(rebasing: bytes[start..<start + take])) }
            if take == remaining {
                mode = .idle
                return (start + take, HTTPHeaders())
            }
            mode = .length(remaining: remaining - take)
            return (start + take, nil)
        case .chunked(var chunked):
            mode = .idle  // hand the decoder over uniquely while it runs
            defer { mode = .chunked(chunked) }
            let result = try chunked.decode(bytes, from: start, into: &sink)
            return result
        case .untilClose(let received):
            let take = bytes.count - start
            guard take <= maxBodyBytes - received else {
                throw .bodyTooLarge("body over \(maxBodyBytes) bytes")
            }
            if take > 0 { sink.body(UnsafeRawBufferPointer(rebasing: bytes[start..<bytes.count])) }
            mode = .untilClose(received: received + take)
            return (bytes.count, nil)
        case .idle:
            return (start, HTTPHeaders())
        }
    }
}
