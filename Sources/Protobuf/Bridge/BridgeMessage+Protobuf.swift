import BridgeCore

/// BridgeMessage's binary (gRPC) form, written and read straight from and into the struct
/// (no ``BridgeMessageProto`` copy in between). These drop unknown fields; use
/// `BridgeMessageProto` where they must survive.
extension BridgeMessage {
    /// The protobuf encoding of this message.
    public func protobufBytes() -> [UInt8] {
        let estimate = BridgeMessageWire.estimate(messageID: messageID, type: type, requestID: requestID,
                                                  attributes: attributes, payload: payload, unknown: [])
        if estimate <= BackwardWireWriter.stackScratchSize {
            // Small (the common case): written back to front into stack scratch, copied out once.
            return BackwardWireWriter.withWriter(estimate: estimate) { writer in
                prependProtobuf(to: &writer)
            } result: { writer in
                writer.makeArray()
            }
        }
        // Large (a big payload): sized exactly, then written straight into the array's storage,
        // so the payload is copied once.
        let size = protobufSize
        var exact = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var writer = BackwardWireWriter(scratch: raw)
            prependProtobuf(to: &writer)
            if writer.fills(raw) {
                exact = true
                initialized = size
            }
        }
        if exact { return bytes }
        // Only if protobufSize and the encoder disagreed (a bug): still the right bytes.
        assertionFailure("BridgeMessage.protobufSize disagrees with the encoder")
        var writer = BackwardWireWriter(capacity: estimate)
        prependProtobuf(to: &writer)
        return writer.makeArray()
    }

    /// Appends the protobuf encoding to `writer` (e.g. after a gRPC frame header).
    public func writeProtobuf(to writer: inout ProtobufWriter) {
        let estimate = BridgeMessageWire.estimate(messageID: messageID, type: type, requestID: requestID,
                                                  attributes: attributes, payload: payload, unknown: [])
        BackwardWireWriter.withWriter(estimate: estimate) { backward in
            prependProtobuf(to: &backward)
        } result: { backward in
            backward.withBytes { bytes in writer.writeRaw(bytes) }
        }
    }

    /// The number of bytes ``protobufBytes()`` returns (for a length prefix written first).
    public var protobufSize: Int {
        BridgeMessageWire.size(messageID: messageID, type: type, requestID: requestID,
                               attributes: attributes.isEmpty ? nil : attributes,
                               timestampMs: timestampMs, payload: payload, unknown: [])
    }

    private func prependProtobuf(to writer: inout BackwardWireWriter) {
        BridgeMessageWire.prepend(messageID: messageID, type: type, requestID: requestID,
                                  attributes: attributes.isEmpty ? nil : attributes,
                                  timestampMs: timestampMs, payload: payload, unknown: [], to: &writer)
    }

    /// Reads a message from its protobuf encoding.
    public init(protobuf bytes: [UInt8]) throws(ProtobufError) {
        self = try bytes.withUnsafeBytes { raw in
            Result { () throws(ProtobufError) in try BridgeMessage(protobuf: raw) }
        }.get()
    }

    /// Reads a message from its protobuf encoding, in place. Fields are merged as protobuf
    /// merges them (the same rules as ``BridgeMessageProto``); unknown fields are skipped.
    public init(protobuf bytes: UnsafeRawBufferPointer) throws(ProtobufError) {
        var reader = ProtobufReader(bytes)
        var message = BridgeMessage()
        while let key = try reader.nextField() {
            switch key.number {
            case 1: message.messageID = try reader.read(ProtoString.self, key)
            case 2: message.type = try reader.read(ProtoString.self, key)
            case 3: message.requestID = try reader.read(ProtoString.self, key)
            case 4:
                try reader.expect(key, .lengthDelimited)
                var object = message.attributes
                message.attributes = [:]
                let nested = try reader.enterLengthDelimited()
                try JSONValueWireCodec.readStruct(from: &reader, into: &object)
                reader.leaveLengthDelimited(nested)
                message.attributes = object
            case 5: message.timestampMs = try reader.read(ProtoInt64.self, key)
            case 6: message.payload = try reader.read(ProtoBytes.self, key)
            default: try reader.skipValue(of: key)
            }
        }
        self = message
    }
}

/// The `ipcbridge.v1.BridgeMessage` fields, written back to front (``BackwardWireWriter``):
/// shared by ``BridgeMessage`` and ``BridgeMessageProto`` so both write the same bytes.
enum BridgeMessageWire {
    // Keys (field << 3 | wire type) as written.
    static var messageIDTag: UInt8 { 0x0A }       // 1, string
    static var typeTag: UInt8 { 0x12 }            // 2, string
    static var requestIDTag: UInt8 { 0x1A }       // 3, string
    static var attributesTag: UInt8 { 0x22 }      // 4, google.protobuf.Struct
    static var timestampTag: UInt8 { 0x28 }       // 5, int64
    static var payloadTag: UInt8 { 0x32 }         // 6, bytes

    /// A cheap size guess (sizing the attributes exactly costs about as much as writing them).
    static func estimate(messageID: String, type: String, requestID: String, attributes: [String: JSONValue],
                         payload: [UInt8], unknown: [UInt8]) -> Int {
        64 + messageID.utf8.count + type.utf8.count + requestID.utf8.count + attributes.count * 32
            + payload.count + unknown.count
    }

    /// The exact encoded size; `attributes` nil leaves field 4 out.
    static func size(messageID: String, type: String, requestID: String, attributes: [String: JSONValue]?,
                     timestampMs: Int64, payload: [UInt8], unknown: [UInt8]) -> Int {
        var total = 0
        if !messageID.isEmpty { total += 1 + ProtobufSize.lengthDelimited(messageID.utf8.count) }
        if !type.isEmpty { total += 1 + ProtobufSize.lengthDelimited(type.utf8.count) }
        if !requestID.isEmpty { total += 1 + ProtobufSize.lengthDelimited(requestID.utf8.count) }
        if let attributes { total += 1 + ProtobufSize.lengthDelimited(JSONValueWireCodec.structSize(attributes)) }
        if timestampMs != 0 { total += 1 + ProtobufSize.varint(UInt64(bitPattern: timestampMs)) }
        if !payload.isEmpty { total += 1 + ProtobufSize.lengthDelimited(payload.count) }
        return total + unknown.count
    }

    /// Prepends the whole message: the known fields in field-number order (proto3: defaults
    /// left out; `attributes` nil leaves field 4 out, empty writes `22 00`), then `unknown`.
    static func prepend(messageID: String, type: String, requestID: String, attributes: [String: JSONValue]?,
                        timestampMs: Int64, payload: [UInt8], unknown: [UInt8], to writer: inout BackwardWireWriter) {
        unknown.withUnsafeBytes { raw in writer.prependRaw(raw) }
        if !payload.isEmpty {
            writer.prependLengthDelimited(payload)
            writer.prependByte(payloadTag)
        }
        if timestampMs != 0 {
            writer.prependVarint(UInt64(bitPattern: timestampMs))
            writer.prependByte(timestampTag)
        }
        if let attributes {
            let end = writer.count
            JSONValueWireCodec.prependStruct(attributes, to: &writer)
            writer.prependLength(since: end)
            writer.prependByte(attributesTag)
        }
        if !requestID.isEmpty {
            writer.prependLengthDelimited(requestID)
            writer.prependByte(requestIDTag)
        }
        if !type.isEmpty {
            writer.prependLengthDelimited(type)
            writer.prependByte(typeTag)
        }
        if !messageID.isEmpty {
            writer.prependLengthDelimited(messageID)
            writer.prependByte(messageIDTag)
        }
    }
}
