/// One HTTP/2 frame (RFC 9113 section 6) as a value: what the pure decoder produces and the
/// encoder consumes. Padding is stripped on decode (its length is kept so flow control can
/// count it) and added on encode when asked for.
public enum HTTP2Frame: Sendable, Equatable {
    /// DATA: part of a stream's body; `paddedLength` is the whole payload with padding, for flow control.
    case data(streamID: UInt32, data: [UInt8], endStream: Bool, paddedLength: Int = 0)
    /// HEADERS: the start of a header block (HPACK bytes), complete when `endHeaders`.
    case headers(streamID: UInt32, block: [UInt8], endStream: Bool, endHeaders: Bool, priority: HTTP2Priority? = nil, paddedLength: Int = 0)
    /// PRIORITY: parsed and ignored (deprecated by RFC 9113).
    case priority(streamID: UInt32, HTTP2Priority)
    /// RST_STREAM: ends one stream at once with an error code.
    case rstStream(streamID: UInt32, code: HTTP2ErrorCode)
    /// SETTINGS: parameters, or (`ack`) the acknowledgement of the peer's.
    case settings(ack: Bool, [HTTP2Setting])
    /// PUSH_PROMISE: a server push; we never enable push, so receiving one is a protocol error.
    case pushPromise(streamID: UInt32, promisedStreamID: UInt32, block: [UInt8], endHeaders: Bool)
    /// PING: a round trip check; answered with the same `opaque` and `ack`.
    case ping(ack: Bool, opaque: UInt64)
    /// GOAWAY: no new streams; those above `lastStreamID` were not processed.
    case goAway(lastStreamID: UInt32, code: HTTP2ErrorCode, debugData: [UInt8])
    /// WINDOW_UPDATE: more send window, for a stream or (stream 0) the connection.
    case windowUpdate(streamID: UInt32, increment: UInt32)
    /// CONTINUATION: more of a header block HEADERS started.
    case continuation(streamID: UInt32, block: [UInt8], endHeaders: Bool)
    /// A frame of a type this implementation does not know: ignored (RFC 9113 section 4.1).
    case unknown(type: UInt8, flags: UInt8, streamID: UInt32, payload: [UInt8])

    /// The stream the frame belongs to (0 for connection-level frames).
    public var streamID: UInt32 {
        switch self {
        case .data(let id, _, _, _), .headers(let id, _, _, _, _, _), .priority(let id, _), .rstStream(let id, _),
             .pushPromise(let id, _, _, _), .windowUpdate(let id, _), .continuation(let id, _, _), .unknown(_, _, let id, _):
            return id
        case .settings, .ping, .goAway:
            return 0
        }
    }
}

/// Stream dependency and weight from HEADERS or PRIORITY: parsed and then ignored, as RFC 9113
/// deprecates the priority scheme (section 5.3.2).
public struct HTTP2Priority: Sendable, Equatable {
    /// Whether the stream depends on `dependency` exclusively.
    public var exclusive: Bool
    /// The stream this one depends on (0: none).
    public var dependency: UInt32
    /// The weight minus one (0...255).
    public var weight: UInt8

    /// A priority as the frame carries it.
    public init(exclusive: Bool = false, dependency: UInt32 = 0, weight: UInt8 = 15) {
        self.exclusive = exclusive
        self.dependency = dependency
        self.weight = weight
    }
}

/// One SETTINGS parameter (RFC 9113 section 6.5.2).
public struct HTTP2Setting: Sendable, Equatable {
    /// The parameter's identifier (the static constants below).
    public var identifier: UInt16
    /// The parameter's value.
    public var value: UInt32

    /// A parameter `identifier` set to `value`.
    public init(_ identifier: UInt16, _ value: UInt32) {
        self.identifier = identifier
        self.value = value
    }

    /// SETTINGS_HEADER_TABLE_SIZE: the HPACK dynamic table size the receiver may use.
    public static let headerTableSize: UInt16 = 0x1
    /// SETTINGS_ENABLE_PUSH: 0 forbids server push.
    public static let enablePush: UInt16 = 0x2
    /// SETTINGS_MAX_CONCURRENT_STREAMS: streams the peer may have open at once.
    public static let maxConcurrentStreams: UInt16 = 0x3
    /// SETTINGS_INITIAL_WINDOW_SIZE: each new stream's flow-control window.
    public static let initialWindowSize: UInt16 = 0x4
    /// SETTINGS_MAX_FRAME_SIZE: the largest frame payload the sender accepts.
    public static let maxFrameSize: UInt16 = 0x5
    /// SETTINGS_MAX_HEADER_LIST_SIZE: the largest decoded header list the sender accepts.
    public static let maxHeaderListSize: UInt16 = 0x6
}

/// Frame type codes.
enum HTTP2FrameType {
    static let data: UInt8 = 0x0
    static let headers: UInt8 = 0x1
    static let priority: UInt8 = 0x2
    static let rstStream: UInt8 = 0x3
    static let settings: UInt8 = 0x4
    static let pushPromise: UInt8 = 0x5
    static let ping: UInt8 = 0x6
    static let goAway: UInt8 = 0x7
    static let windowUpdate: UInt8 = 0x8
    static let continuation: UInt8 = 0x9
}

/// Flag bits.
enum HTTP2Flags {
    static let endStream: UInt8 = 0x1
    static let ack: UInt8 = 0x1
    static let endHeaders: UInt8 = 0x4
    static let padded: UInt8 = 0x8
    static let priority: UInt8 = 0x20
}

/// The client connection preface (RFC 9113 section 3.4).
public enum HTTP2Preface {
    /// `PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n`, which a client sends first.
    public static let bytes: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)
}
