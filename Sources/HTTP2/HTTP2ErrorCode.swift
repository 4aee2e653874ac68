/// An HTTP/2 error code (RFC 9113 section 7), as carried by RST_STREAM and GOAWAY.
/// Open: a code we do not know is kept, not rejected (RFC 9113 section 7: unknown codes
/// must not trigger special behaviour).
public struct HTTP2ErrorCode: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt32

    public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    public static let noError = HTTP2ErrorCode(0x0)
    public static let protocolError = HTTP2ErrorCode(0x1)
    public static let internalError = HTTP2ErrorCode(0x2)
    public static let flowControlError = HTTP2ErrorCode(0x3)
    public static let settingsTimeout = HTTP2ErrorCode(0x4)
    public static let streamClosed = HTTP2ErrorCode(0x5)
    public static let frameSizeError = HTTP2ErrorCode(0x6)
    public static let refusedStream = HTTP2ErrorCode(0x7)
    public static let cancel = HTTP2ErrorCode(0x8)
    public static let compressionError = HTTP2ErrorCode(0x9)
    public static let connectError = HTTP2ErrorCode(0xa)
    public static let enhanceYourCalm = HTTP2ErrorCode(0xb)
    public static let inadequateSecurity = HTTP2ErrorCode(0xc)
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
    public var code: HTTP2ErrorCode
    public var streamID: UInt32?
    public var reason: String

    public static func connection(_ code: HTTP2ErrorCode, _ reason: String) -> HTTP2Error {
        HTTP2Error(code: code, streamID: nil, reason: reason)
    }

    public static func stream(_ id: UInt32, _ code: HTTP2ErrorCode, _ reason: String) -> HTTP2Error {
        HTTP2Error(code: code, streamID: id, reason: reason)
    }

    public var isConnectionError: Bool { streamID == nil }

    public var description: String {
        (streamID.map { "stream \($0) error " } ?? "connection error ") + "\(code): \(reason)"
    }
}
