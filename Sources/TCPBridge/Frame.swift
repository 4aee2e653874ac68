import BridgeCore

/// The framing of the TCP transport (CONTRACT.md section 3), pure: a 4-byte big-endian
/// unsigned length N, then N bytes of UTF-8 JSON holding one BridgeMessage.
public enum Frame {
    /// The default limit on N: 16 MiB.
    public static let defaultMaxBytes = 16 * 1024 * 1024
    /// The length prefix: 4 bytes, big-endian, counting the JSON body only.
    public static let headerSize = 4

    /// What the bytes at an offset hold.
    public enum Parse: Equatable {
        /// Not a whole frame yet.
        case needMore
        /// A whole frame: its body's byte range, and where the next frame starts.
        case frame(body: Range<Int>, next: Int)
        /// A length over the limit: the connection cannot recover from this.
        case tooLarge(length: Int)
    }

    /// Finds the frame starting at `offset`.
    public static func parse(_ bytes: UnsafeRawBufferPointer, at offset: Int, maxBytes: Int) -> Parse {
        guard bytes.count - offset >= headerSize else { return .needMore }
        let length = Int(bytes[offset]) << 24 | Int(bytes[offset + 1]) << 16 | Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
        guard length <= maxBytes else { return .tooLarge(length: length) }
        let start = offset + headerSize
        guard bytes.count - start >= length else { return .needMore }
        return .frame(body: start..<start + length, next: start + length)
    }

    /// Appends the frame of `message` to `output`, encoding the JSON in place.
    public static func append(_ message: BridgeMessage, to output: inout [UInt8]) {
        let headerAt = output.count
        output.append(contentsOf: [0, 0, 0, 0])
        var writer = JSONWriter(appendingTo: &output)
        message.writeJSON(to: &writer)
        writer.take(into: &output)
        let length = output.count - headerAt - headerSize
        output[headerAt] = UInt8(truncatingIfNeeded: length >> 24)
        output[headerAt + 1] = UInt8(truncatingIfNeeded: length >> 16)
        output[headerAt + 2] = UInt8(truncatingIfNeeded: length >> 8)
        output[headerAt + 3] = UInt8(truncatingIfNeeded: length)
    }

    /// Appends the frame of `message` to `output` when its body is at most `maxBytes`;
    /// otherwise leaves `output` as it was and returns false.
    public static func append(_ message: BridgeMessage, to output: inout [UInt8], maxBytes: Int) -> Bool {
        let start = output.count
        append(message, to: &output)
        guard output.count - start - headerSize <= maxBytes else {
            output.removeSubrange(start...)
            return false
        }
        return true
    }

    /// The frame of `message`.
    public static func encode(_ message: BridgeMessage) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256 + message.payload.count * 4 / 3)
        append(message, to: &output)
        return output
    }

    /// A frame around raw bytes (for tests and tools that send what they like).
    public static func wrap(_ body: [UInt8]) -> [UInt8] {
        let length = body.count
        return [UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
                UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)] + body
    }
}
