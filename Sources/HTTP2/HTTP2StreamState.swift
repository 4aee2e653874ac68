/// One stream's lifecycle (RFC 9113 section 5.1) and flow-control windows.
struct HTTP2StreamState: Sendable {
    enum Phase: Sendable, Equatable {
        case open
        case halfClosedLocal   // we sent END_STREAM
        case halfClosedRemote  // they sent END_STREAM
    }

    var phase: Phase = .open
    /// Whether the peer's first header block (request or response headers) has arrived; any
    /// later block is trailers and must end the stream.
    var receivedHeaders = false
    /// What we may still send on this stream.
    var sendWindow: Int
    /// What they may still send us on this stream.
    var receiveWindow: Int

    var canReceive: Bool { phase != .halfClosedRemote }
    var canSend: Bool { phase != .halfClosedLocal }
}
