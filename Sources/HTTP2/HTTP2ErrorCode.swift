/// An HTTP/2 error code (RFC 9113 section 7), as carried by RST_STREAM and GOAWAY.
/// Open: a code we do not know is kept, not rejected (RFC 9113 section 7: unknown codes
/// must not trigger special behaviour).
public struct HTTP2ErrorCode: Hashable, Sendable, CustomStringConvertible {
    /// The code's number on the wire.
    public let rawValue: UInt32

    /// Any code, known or not.
    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Graceful shutdown or a stream that is simply finished; not an error.
    public static let noError = HTTP2ErrorCode(0x0)
    /// The peer broke the protocol in a way no more specific code covers.
    public static let protocolError = HTTP2ErrorCode(0x1)
    /// An unexpected failure on our side.
    public static let internalError = HTTP2ErrorCode(0x2)
    /// The peer sent beyond a flow-control window.
    public static let flowControlError = HTTP2ErrorCode(0x3)
    /// SETTINGS were not acknowledged in time.
    public static let settingsTimeout = HTTP2ErrorCode(0x4)
    /// A frame arrived on a stream already half-closed for it.
    public static let streamClosed = HTTP2ErrorCode(0x5)
    /// A frame had an invalid size (over SETTINGS_MAX_FRAME_SIZE, or wrong for its type).
    public static let frameSizeError = HTTP2ErrorCode(0x6)
    /// The stream was refused before any processing (over MAX_CONCURRENT_STREAMS): safe to retry.
    public static let refusedStream = HTTP2ErrorCode(0x7)
    /// The stream is no longer needed (a cancelled call).
    public static let cancel = HTTP2ErrorCode(0x8)
    /// The HPACK context could not be kept (a bad header block, a header list too large).
    public static let compressionError = HTTP2ErrorCode(0x9)
    /// A CONNECT tunnel was reset or closed abnormally.
    public static let connectError = HTTP2ErrorCode(0xa)
    /// The peer is generating excessive load (floods, rapid resets): slow down.
    public static let enhanceYourCalm = HTTP2ErrorCode(0xb)
    /// The transport's security does not meet the minimum (TLS only).
    public static let inadequateSecurity = HTTP2ErrorCode(0xc)
    /// The peer must use HTTP/1.1 for this request.
    public static let http11Required = HTTP2ErrorCode(0xd)

    private static let names = [
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
        "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    ]

    public var description: String {
        rawValue < UInt32(Self.names.count) ? Self.names[Int(rawValue)] : "0x" + String(rawValue, radix: 16)
    }
}

/// A protocol violation found while reading frames: a connection error (GOAWAY and close) when
/// `streamID` is nil, else a stream error (RST_STREAM on that stream, the connection lives on).
public struct HTTP2Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error code sent in GOAWAY or RST_STREAM.
    public var code: HTTP2ErrorCode
    /// The stream at fault, or nil for a connection error.
    public var streamID: UInt32?
    /// What the peer did wrong, for logs and GOAWAY debug data.
    public var reason: String

    /// A connection error: GOAWAY with `code`, then close.
    public static func connection(_ code: HTTP2ErrorCode, _ reason: String) -> HTTP2Error {
        HTTP2Error(code: code, streamID: nil, reason: reason)
    }

    /// A stream error: RST_STREAM on stream `id` with `code`; the connection carries on.
    public static func stream(_ id: UInt32, _ code: HTTP2ErrorCode, _ reason: String) -> HTTP2Error {
        HTTP2Error(code: code, streamID: id, reason: reason)
    }

    /// True when the whole connection must end (no stream id).
    public var isConnectionError: Bool { streamID == nil }

    public var description: String {
        (streamID.map { "stream \($0) error " } ?? "connection error ") + "\(code): \(reason)"
    }
}
