import BridgeCore

/// BridgeMessage's binary (gRPC) form, by way of ``BridgeMessageProto``: these drop unknown
/// fields; use `BridgeMessageProto` where they must survive.
extension BridgeMessage {
    /// The protobuf encoding of this message.
    public func protobufBytes() -> [UInt8] {
        // An estimate, not serializedSize: sizing the attributes costs about as much as
        // writing them, and the array grows if the estimate is short.
        var writer = ProtobufWriter(capacity: 64 + messageID.utf8.count + type.utf8.count + requestID.utf8.count
                                        + attributes.count * 32 + payload.count)
        BridgeMessageProto(self).encode(to: &writer)
        return writer.bytes
    }

    /// Appends the protobuf encoding to `writer` (e.g. after a gRPC frame header).
    public func writeProtobuf(to writer: inout ProtobufWriter) {
        BridgeMessageProto(self).encode(to: &writer)
    }

    /// The number of bytes ``protobufBytes()`` returns (for a length prefix written first).
    public var protobufSize: Int {
        BridgeMessageProto(self).serializedSize
    }

    /// Reads a message from its protobuf encoding.
    public init(protobuf bytes: [UInt8]) throws(ProtobufError) {
        self = try BridgeMessageProto(serializedBytes: bytes).message
    }

    /// Reads a message from its protobuf encoding, in place.
    public init(protobuf bytes: UnsafeRawBufferPointer) throws(ProtobufError) {
        self = try BridgeMessageProto(serializedBytes: bytes).message
    }
}
