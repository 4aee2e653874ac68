import HPACK

/// What the connection state machine reports after reading bytes.
public enum HTTP2Event: Sendable, Equatable {
    /// A complete header block (HEADERS plus any CONTINUATIONs) on a stream.
    case headers(streamID: UInt32, headers: [HPACKHeader], endStream: Bool)
    /// DATA on a stream, padding removed; `endStream` when the peer finished sending on it.
    case data(streamID: UInt32, data: [UInt8], endStream: Bool)
    /// The peer reset a stream.
    case streamReset(streamID: UInt32, code: HTTP2ErrorCode)
    /// We reset a stream because the peer broke a stream-level rule (RST_STREAM is in the output).
    case streamError(streamID: UInt32, code: HTTP2ErrorCode, reason: String)
    /// The peer is going away: streams above `lastStreamID` were not processed.
    case goAway(lastStreamID: UInt32, code: HTTP2ErrorCode, debugData: [UInt8])
    /// The answer to our PING.
    case pingAck(opaque: UInt64)
    /// Send windows grew (0: the connection's): data waiting for flow control may go.
    case windowUpdated(streamID: UInt32)
    /// The peer's SETTINGS arrived and were acknowledged.
    case settingsChanged(HTTP2Settings)
    /// A fatal protocol error: GOAWAY is in the output; flush it and close the connection.
    case connectionError(HTTP2Error)
}
