/// Reads HTTP/2 frames from bytes, pure and incremental: bytes in, whole frames out, with every
/// frame-level rule of RFC 9113 section 6 checked (sizes, stream 0 or not, padding, zero
/// window increments). Connection state (which stream is open, CONTINUATION sequencing, flow
/// control) is the connection state machine's job, not this one's.
public struct HTTP2FrameDecoder: Sendable {
    /// SETTINGS_MAX_FRAME_SIZE we advertised: a longer frame is a FRAME_SIZE_ERROR.
    public var maxFrameSize: Int
    /// Whether the client preface must come first (server side).
    private var awaitingPreface: Bool

    /// Bytes in a frame header: 3 of length, 1 of type, 1 of flags, 4 of stream id.
    public static let headerSize = 9

    /// A decoder accepting frames up to `maxFrameSize`; `expectPreface` on the server side.
    public init(maxFrameSize: Int = 16_384, expectPreface: Bool) {
        self.maxFrameSize = maxFrameSize
        self.awaitingPreface = expectPreface
    }

    /// Decodes as many whole frames as `bytes` holds; returns them and the bytes consumed.
    public mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(HTTP2Error) -> (frames: [HTTP2Frame], consumed: Int) {
        var offset = 0
        if awaitingPreface {
            let preface = HTTP2Preface.bytes
            let available = min(bytes.count, preface.count)
            for index in 0..<available where bytes[index] != preface[index] {
                throw .connection(.protocolError, "the connection did not start with the HTTP/2 client preface")
            }
            guard bytes.count >= preface.count else { return ([], 0) }
            awaitingPreface = false
            offset = preface.count
        }
        var frames: [HTTP2Frame] = []
        while bytes.count - offset >= Self.headerSize {
            let length = Int(bytes[offset]) << 16 | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2])
            guard length <= maxFrameSize else {
                throw .connection(.frameSizeError, "frame of \(length) bytes exceeds SETTINGS_MAX_FRAME_SIZE \(maxFrameSize)")
            }
            guard bytes.count - offset - Self.headerSize >= length else { break }
            let type = bytes[offset + 3]
            let flags = bytes[offset + 4]
            let streamID = Self.uint32(bytes, offset + 5) & 0x7FFF_FFFF
            let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + Self.headerSize)..<(offset + Self.headerSize + length)])
            frames.append(try Self.frame(type: type, flags: flags, streamID: streamID, payload: payload))
            offset += Self.headerSize + length
        }
        return (frames, offset)
    }

    /// ``decode(_:)`` for bytes in an array.
    public mutating func decode(_ bytes: [UInt8]) throws(HTTP2Error) -> (frames: [HTTP2Frame], consumed: Int) {
        try bytes.withUnsafeBytes { raw in Result { () throws(HTTP2Error) in try decode(raw) } }.get()
    }

    static func uint32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }

    /// The payload without its padding (RFC 9113 section 6.1): the pad length byte must be
    /// smaller than what follows it.
    private static func unpad(_ payload: UnsafeRawBufferPointer, flags: UInt8, streamID: UInt32,
                              extra: Int = 0) throws(HTTP2Error) -> (UnsafeRawBufferPointer, Int) {
        guard flags & HTTP2Flags.padded != 0 else { return (payload, 0) }
        guard payload.count >= 1 else { throw .connection(.frameSizeError, "padded frame without a pad length") }
        let padLength = Int(payload[0])
        guard padLength + extra < payload.count else {
            throw .connection(.protocolError, "padding of \(padLength) bytes is not shorter than the frame payload")
        }
        return (UnsafeRawBufferPointer(rebasing: payload[1..<(payload.count - padLength)]), padLength + 1)
    }

    private static func frame(type: UInt8, flags: UInt8, streamID: UInt32, payload: UnsafeRawBufferPointer) throws(HTTP2Error) -> HTTP2Frame {
        switch type {
        case HTTP2FrameType.data:
            guard streamID != 0 else { throw .connection(.protocolError, "DATA on stream 0") }
            let (data, padded) = try unpad(payload, flags: flags, streamID: streamID)
            return .data(streamID: streamID, data: Array(data), endStream: flags & HTTP2Flags.endStream != 0, paddedLength: padded)

        case HTTP2FrameType.headers:
            guard streamID != 0 else { throw .connection(.protocolError, "HEADERS on stream 0") }
            let hasPriority = flags & HTTP2Flags.priority != 0
            var (block, padded) = try unpad(payload, flags: flags, streamID: streamID, extra: hasPriority ? 5 : 0)
            var priority: HTTP2Priority?
            if hasPriority {
                guard block.count >= 5 else { throw .connection(.frameSizeError, "HEADERS too short for its priority fields") }
                let word = uint32(block, 0)
                let dependency = word & 0x7FFF_FFFF
                guard dependency != streamID else { throw .stream(streamID, .protocolError, "stream depends on itself") }
                priority = HTTP2Priority(exclusive: word & 0x8000_0000 != 0, dependency: dependency, weight: block[4])
                block = UnsafeRawBufferPointer(rebasing: block[5...])
            }
            return .headers(streamID: streamID, block: Array(block), endStream: flags & HTTP2Flags.endStream != 0,
                            endHeaders: flags & HTTP2Flags.endHeaders != 0, priority: priority, paddedLength: padded)

        case HTTP2FrameType.priority:
            guard streamID != 0 else { throw .connection(.protocolError, "PRIORITY on stream 0") }
            guard payload.count == 5 else { throw .stream(streamID, .frameSizeError, "PRIORITY must be 5 bytes") }
            let word = uint32(payload, 0)
            let dependency = word & 0x7FFF_FFFF
            guard dependency != streamID else { throw .stream(streamID, .protocolError, "stream depends on itself") }
            return .priority(streamID: streamID, HTTP2Priority(exclusive: word & 0x8000_0000 != 0, dependency: dependency, weight: payload[4]))

        case HTTP2FrameType.rstStream:
            guard streamID != 0 else { throw .connection(.protocolError, "RST_STREAM on stream 0") }
            guard payload.count == 4 else { throw .connection(.frameSizeError, "RST_STREAM must be 4 bytes") }
            return .rstStream(streamID: streamID, code: HTTP2ErrorCode(uint32(payload, 0)))

        case HTTP2FrameType.settings:
            guard streamID == 0 else { throw .connection(.protocolError, "SETTINGS on stream \(streamID)") }
            let ack = flags & HTTP2Flags.ack != 0
            if ack {
                guard payload.isEmpty else { throw .connection(.frameSizeError, "SETTINGS ACK with a payload") }
                return .settings(ack: true, [])
            }
            guard payload.count % 6 == 0 else { throw .connection(.frameSizeError, "SETTINGS length is not a multiple of 6") }
            var settings: [HTTP2Setting] = []
            for start in stride(from: 0, to: payload.count, by: 6) {
                let setting = HTTP2Setting(UInt16(payload[start]) << 8 | UInt16(payload[start + 1]), uint32(payload, start + 2))
                try validate(setting)
                settings.append(setting)
            }
            return .settings(ack: false, settings)

        case HTTP2FrameType.pushPromise:
            guard streamID != 0 else { throw .connection(.protocolError, "PUSH_PROMISE on stream 0") }
            let (block, _) = try unpad(payload, flags: flags, streamID: streamID, extra: 4)
            guard block.count >= 4 else { throw .connection(.frameSizeError, "PUSH_PROMISE too short") }
            return .pushPromise(streamID: streamID, promisedStreamID: uint32(block, 0) & 0x7FFF_FFFF,
                                block: Array(block[4...]), endHeaders: flags & HTTP2Flags.endHeaders != 0)

        case HTTP2FrameType.ping:
            guard streamID == 0 else { throw .connection(.protocolError, "PING on stream \(streamID)") }
            guard payload.count == 8 else { throw .connection(.frameSizeError, "PING must be 8 bytes") }
            return .ping(ack: flags & HTTP2Flags.ack != 0, opaque: UInt64(uint32(payload, 0)) << 32 | UInt64(uint32(payload, 4)))

        case HTTP2FrameType.goAway:
            guard streamID == 0 else { throw .connection(.protocolError, "GOAWAY on stream \(streamID)") }
            guard payload.count >= 8 else { throw .connection(.frameSizeError, "GOAWAY shorter than 8 bytes") }
            return .goAway(lastStreamID: uint32(payload, 0) & 0x7FFF_FFFF, code: HTTP2ErrorCode(uint32(payload, 4)),
                           debugData: Array(payload[8...]))

        case HTTP2FrameType.windowUpdate:
            guard payload.count == 4 else { throw .connection(.frameSizeError, "WINDOW_UPDATE must be 4 bytes") }
            let increment = uint32(payload, 0) & 0x7FFF_FFFF
            guard increment != 0 else {
                if streamID == 0 { throw .connection(.protocolError, "WINDOW_UPDATE with a zero increment") }
                throw .stream(streamID, .protocolError, "WINDOW_UPDATE with a zero increment")
            }
            return .windowUpdate(streamID: streamID, increment: increment)

        case HTTP2FrameType.continuation:
            guard streamID != 0 else { throw .connection(.protocolError, "CONTINUATION on stream 0") }
            return .continuation(streamID: streamID, block: Array(payload), endHeaders: flags & HTTP2Flags.endHeaders != 0)

        default:
            return .unknown(type: type, flags: flags, streamID: streamID, payload: Array(payload))
        }
    }

    /// Setting values the peer may not send (RFC 9113 section 6.5.2).
    static func validate(_ setting: HTTP2Setting) throws(HTTP2Error) {
        switch setting.identifier {
        case HTTP2Setting.enablePush where setting.value > 1:
            throw .connection(.protocolError, "SETTINGS_ENABLE_PUSH must be 0 or 1")
        case HTTP2Setting.initialWindowSize where setting.value > 0x7FFF_FFFF:
            throw .connection(.flowControlError, "SETTINGS_INITIAL_WINDOW_SIZE above 2^31-1")
        case HTTP2Setting.maxFrameSize where setting.value < 16_384 || setting.value > 16_777_215:
            throw .connection(.protocolError, "SETTINGS_MAX_FRAME_SIZE outside 16384...16777215")
        default:
            return  // unknown settings are ignored
        }
    }
}
