import BridgeCore

/// `ipcbridge.v1.BridgeMessage` in its binary form (Protos/ipcbridge/v1/bridge.proto), with the
/// unknown fields `BridgeMessage` itself has no room for: a message from a peer with a newer
/// schema survives decode and encode (the gRPC `Echo` contract) with its extra fields intact.
///
/// `attributes` is the `google.protobuf.Struct` field read straight into `JSONValue`s (see
/// `JSONValueWireCodec`); it is nil when field 4 is absent, so present-but-empty (`22 00`) and
/// absent round-trip to the same bytes.
public struct BridgeMessageProto: ProtoMessage, Hashable {
    /// Field 1, `message_id`: unique per message, set by its sender.
    public var messageID = ""                       // 1
    /// Field 2, `type`: `VALIDATION_REQUEST`, `EVENT`, `ERROR`...
    public var type = ""                            // 2
    /// Field 3, `request_id`: on an answer, the `message_id` it answers.
    public var requestID = ""                       // 3
    /// Field 4, `attributes` (a `google.protobuf.Struct`): nil when absent on the wire.
    public var attributes: [String: JSONValue]?     // 4, google.protobuf.Struct
    /// Field 5, `timestamp_ms`: the sender's clock, Unix milliseconds.
    public var timestampMs: Int64 = 0               // 5
    /// Field 6, `payload`: opaque bytes.
    public var payload: [UInt8] = []                // 6
    public var unknownFields = UnknownFields()

    public init() {}

    /// The binary form of `message`; empty attributes are left out (field 4 absent).
    public init(_ message: BridgeMessage) {
        messageID = message.messageID
        type = message.type
        requestID = message.requestID
        attributes = message.attributes.isEmpty ? nil : message.attributes
        timestampMs = message.timestampMs
        payload = message.payload
    }

    /// The message without its unknown fields; setting it keeps the unknown fields.
    public var message: BridgeMessage {
        get {
            BridgeMessage(messageID: messageID, type: type, requestID: requestID,
                          attributes: attributes ?? [:], timestampMs: timestampMs, payload: payload)
        }
        set {
            let unknown = unknownFields
            self = BridgeMessageProto(newValue)
            unknownFields = unknown
        }
    }

    public mutating func decode(from reader: inout ProtobufReader) throws(ProtobufError) {
        while let key = try reader.nextField() {
            switch key.number {
            case 1: messageID = try reader.read(ProtoString.self, key)
            case 2: type = try reader.read(ProtoString.self, key)
            case 3: requestID = try reader.read(ProtoString.self, key)
            case 4:
                try reader.expect(key, .lengthDelimited)
                var object = attributes ?? [:]
                attributes = nil
                let nested = try reader.enterLengthDelimited()
                try JSONValueWireCodec.readStruct(from: &reader, into: &object)
                reader.leaveLengthDelimited(nested)
                attributes = object
            case 5: timestampMs = try reader.read(ProtoInt64.self, key)
            case 6: payload = try reader.read(ProtoBytes.self, key)
            default: try reader.skipValue(of: key, keepingIn: &unknownFields)
            }
        }
    }

    public func encode(to writer: inout ProtobufWriter) {
        let estimate = BridgeMessageWire.estimate(messageID: messageID, type: type, requestID: requestID,
                                                  attributes: attributes ?? [:], payload: payload,
                                                  unknown: unknownFields.bytes)
        BackwardWireWriter.withWriter(estimate: estimate) { backward in
            BridgeMessageWire.prepend(messageID: messageID, type: type, requestID: requestID, attributes: attributes,
                                      timestampMs: timestampMs, payload: payload, unknown: unknownFields.bytes,
                                      to: &backward)
        } result: { backward in
            backward.withBytes { bytes in writer.writeRaw(bytes) }
        }
    }

    public var serializedSize: Int {
        BridgeMessageWire.size(messageID: messageID, type: type, requestID: requestID, attributes: attributes,
                               timestampMs: timestampMs, payload: payload, unknown: unknownFields.bytes)
    }
}
