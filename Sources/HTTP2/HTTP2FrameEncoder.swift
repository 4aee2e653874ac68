/// Writes HTTP/2 frames (RFC 9113 section 6), appending to an output buffer.
public enum HTTP2FrameEncoder {
    /// Appends `frame`'s bytes (header and payload, padding when asked for) to `output`.
    public static func encode(_ frame: HTTP2Frame, into output: inout [UInt8]) {
        switch frame {
        case .data(let id, let data, let endStream, let padded):
            writePadded(type: HTTP2FrameType.data, flags: endStream ? HTTP2Flags.endStream : 0, streamID: id,
                        prefix: [], body: data, paddedLength: padded, into: &output)
        case .headers(let id, let block, let endStream, let endHeaders, let priority, let padded):
            var flags: UInt8 = 0
            if endStream { flags |= HTTP2Flags.endStream }
            if endHeaders { flags |= HTTP2Flags.endHeaders }
            var prefix: [UInt8] = []
            if let priority {
                flags |= HTTP2Flags.priority
                appendUInt32(priority.dependency | (priority.exclusive ? 0x8000_0000 : 0), to: &prefix)
                prefix.append(priority.weight)
            }
            writePadded(type: HTTP2FrameType.headers, flags: flags, streamID: id, prefix: prefix, body: block,
                        paddedLength: padded, into: &output)
        case .priority(let id, let priority):
            writeHeader(length: 5, type: HTTP2FrameType.priority, flags: 0, streamID: id, into: &output)
            appendUInt32(priority.dependency | (priority.exclusive ? 0x8000_0000 : 0), to: &output)
            output.append(priority.weight)
        case .rstStream(let id, let code):
            writeHeader(length: 4, type: HTTP2FrameType.rstStream, flags: 0, streamID: id, into: &output)
            appendUInt32(code.rawValue, to: &output)
        case .settings(let ack, let settings):
            writeHeader(length: ack ? 0 : settings.count * 6, type: HTTP2FrameType.settings, flags: ack ? HTTP2Flags.ack : 0,
                        streamID: 0, into: &output)
            if !ack {
                for setting in settings {
                    output.append(UInt8(setting.identifier >> 8))
                    output.append(UInt8(setting.identifier & 0xFF))
                    appendUInt32(setting.value, to: &output)
                }
            }
        case .pushPromise(let id, let promised, let block, let endHeaders):
            writeHeader(length: 4 + block.count, type: HTTP2FrameType.pushPromise, flags: endHeaders ? HTTP2Flags.endHeaders : 0,
                        streamID: id, into: &output)
            appendUInt32(promised & 0x7FFF_FFFF, to: &output)
            output.append(contentsOf: block)
        case .ping(let ack, let opaque):
            writeHeader(length: 8, type: HTTP2FrameType.ping, flags: ack ? HTTP2Flags.ack : 0, streamID: 0, into: &output)
            appendUInt32(UInt32(truncatingIfNeeded: opaque >> 32), to: &output)
            appendUInt32(UInt32(truncatingIfNeeded: opaque), to: &output)
        case .goAway(let last, let code, let debugData):
            writeHeader(length: 8 + debugData.count, type: HTTP2FrameType.goAway, flags: 0, streamID: 0, into: &output)
            appendUInt32(last & 0x7FFF_FFFF, to: &output)
            appendUInt32(code.rawValue, to: &output)
            output.append(contentsOf: debugData)
        case .windowUpdate(let id, let increment):
            writeHeader(length: 4, type: HTTP2FrameType.windowUpdate, flags: 0, streamID: id, into: &output)
            appendUInt32(increment & 0x7FFF_FFFF, to: &output)
        case .continuation(let id, let block, let endHeaders):
            writeHeader(length: block.count, type: HTTP2FrameType.continuation, flags: endHeaders ? HTTP2Flags.endHeaders : 0,
                        streamID: id, into: &output)
            output.append(contentsOf: block)
        case .unknown(let type, let flags, let id, let payload):
            writeHeader(length: payload.count, type: type, flags: flags, streamID: id, into: &output)
            output.append(contentsOf: payload)
        }
    }

    /// The bytes of one frame.
    public static func encode(_ frame: HTTP2Frame) -> [UInt8] {
        var output: [UInt8] = []
        encode(frame, into: &output)
        return output
    }

    /// A padded frame: `paddedLength` counts the pad length byte and the padding (0: no padding).
    private static func writePadded(type: UInt8, flags: UInt8, streamID: UInt32, prefix: [UInt8], body: [UInt8],
                                    paddedLength: Int, into output: inout [UInt8]) {
        let padding = max(0, min(paddedLength - 1, 255))
        let padded = paddedLength > 0
        writeHeader(length: prefix.count + body.count + (padded ? 1 + padding : 0), type: type,
                    flags: flags | (padded ? HTTP2Flags.padded : 0), streamID: streamID, into: &output)
        if padded { output.append(UInt8(padding)) }
        output.append(contentsOf: prefix)
        output.append(contentsOf: body)
        if padded { output.append(contentsOf: repeatElement(0, count: padding)) }
    }

    static func writeHeader(length: Int, type: UInt8, flags: UInt8, streamID: UInt32, into output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: length >> 16))
        output.append(UInt8(truncatingIfNeeded: length >> 8))
        output.append(UInt8(truncatingIfNeeded: length))
        output.append(type)
        output.append(flags)
        appendUInt32(streamID & 0x7FFF_FFFF, to: &output)
    }

    static func appendUInt32(_ value: UInt32, to output: inout [UInt8]) {
        output.append(UInt8(truncatingIfNeeded: value >> 24))
        output.append(UInt8(truncatingIfNeeded: value >> 16))
        output.append(UInt8(truncatingIfNeeded: value >> 8))
        output.append(UInt8(truncatingIfNeeded: value))
    }
}
