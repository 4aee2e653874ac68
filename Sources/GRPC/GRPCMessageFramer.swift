/// gRPC's length-prefixed messages (PROTOCOL-HTTP2.md "Length-Prefixed-Message"): a
/// compressed flag byte, a 4-byte big-endian length, then the message. Pure and incremental:
/// DATA frame payloads in, whole messages out, with a size limit checked on the prefix.
public struct GRPCMessageDeframer: Sendable {
    /// Largest message accepted (RESOURCE_EXHAUSTED past it; default 4 MiB as the contract says).
    public var maxMessageBytes: Int
    private var buffer: [UInt8] = []

    /// An empty deframer refusing messages over `maxMessageBytes`.
    public init(maxMessageBytes: Int = 4 * 1024 * 1024) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// Why a message cannot be read.
    public enum Failure: Error, Sendable, Equatable {
        /// The compressed flag was set: we accept only identity (the contract: UNIMPLEMENTED).
        case compressed
        /// The length prefix is over the limit (RESOURCE_EXHAUSTED).
        case tooLarge(Int)
    }

    /// Adds bytes; returns the messages they complete.
    public mutating func append(_ bytes: [UInt8]) throws(Failure) -> [[UInt8]] {
        buffer.append(contentsOf: bytes)
        var messages: [[UInt8]] = []
        var offset = 0
        while buffer.count - offset >= 5 {
            let flag = buffer[offset]
            let length = Int(buffer[offset + 1]) << 24 | Int(buffer[offset + 2]) << 16 | Int(buffer[offset + 3]) << 8 | Int(buffer[offset + 4])
            if flag != 0 { throw .compressed }
            guard length <= maxMessageBytes else { throw .tooLarge(length) }
            guard buffer.count - offset - 5 >= length else { break }
            messages.append(Array(buffer[(offset + 5)..<(offset + 5 + length)]))
            offset += 5 + length
        }
        if offset == buffer.count { buffer = [] } else if offset > 0 { buffer.removeFirst(offset) }
        return messages
    }

    /// True when a message has started but not finished (the stream ended mid-message).
    public var hasPartialMessage: Bool { !buffer.isEmpty }

    /// Bytes of an unfinished message held here.
    public var bufferedBytes: Int { buffer.count }
}

/// The sending half of the length-prefixed message format (``GRPCMessageDeframer`` is the reading half).
public enum GRPCMessageFramer {
    /// The length-prefixed form of `message` (uncompressed).
    public static func frame(_ message: [UInt8]) -> [UInt8] {
        let length = message.count
        var output: [UInt8] = [0, UInt8(truncatingIfNeeded: length >> 24), UInt8(truncatingIfNeeded: length >> 16),
                               UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length)]
        output.append(contentsOf: message)
        return output
    }
}
