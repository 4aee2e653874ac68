import BridgeCore
import Protobuf
import Testing

/// BridgeMessage's binary form (bridge.proto) against Python's protobuf, and the unknown-field
/// preservation the gRPC Echo contract needs.
@Suite struct BridgeMessageProtoTests {
    static let full = BridgeMessage(
        messageID: "m-1", type: "VALIDATION_REQUEST", requestID: "r-0",
        attributes: ["board_id": "B-7", "voltage": 12.5, "current": 3, "mode": "auto",
                     "tags": ["a", "b"], "meta": ["ok": true, "none": nil]],
        timestampMs: 1_700_000_000_123, payload: [0, 1, 2, 255])

    static let unknownFields: [UInt8] =
        [0x38, 0x96, 0x01]                                      // field 7 varint 150
        + [0x42, 0x06] + Array("future".utf8)                   // field 8 length-delimited
        + [0x4D, 0x01, 0x02, 0x03, 0x04]                        // field 9 fixed32
        + [0x51] + Array(0..<8)                                 // field 10 fixed64
        + [0xC0, 0x3E] + [UInt8](repeating: 0xFF, count: 9) + [0x01]  // field 1000 varint -1
        + [0xFA, 0xFF, 0xFF, 0xFF, 0x0F, 0x00]                  // field 2^29-1, empty

    @Test func fullMessageMatchesTheReference() throws {
        try expectMatchesReference(BridgeMessageProto(Self.full), PythonFixtures.bridgeMessageFull)
        #expect(hex(Self.full.protobufBytes()) == PythonFixtures.bridgeMessageFull)
        #expect(Self.full.protobufSize == Self.full.protobufBytes().count)
        #expect(try BridgeMessage(protobuf: fixture(PythonFixtures.bridgeMessageFull)) == Self.full)
    }

    @Test func negativeTimestampTakesTenBytes() throws {
        let message = BridgeMessage(type: "PING", timestampMs: -1)
        try expectMatchesReference(BridgeMessageProto(message), PythonFixtures.bridgeMessageNegativeTimestamp)
    }

    @Test func emptyAndPresentButEmptyAttributes() throws {
        try expectMatchesReference(BridgeMessageProto(), PythonFixtures.bridgeMessageEmpty)
        #expect(BridgeMessage().protobufBytes().isEmpty)
        var proto = BridgeMessageProto(BridgeMessage(messageID: "x"))
        #expect(proto.attributes == nil)
        proto.attributes = [:]
        try expectMatchesReference(proto, PythonFixtures.bridgeMessageEmptyAttributes)
        #expect(try BridgeMessage(protobuf: fixture(PythonFixtures.bridgeMessageEmptyAttributes)) == BridgeMessage(messageID: "x"))
    }

    /// Echo must hand back a message's unknown fields unchanged: decode + encode is the identity
    /// on these bytes (the reference itself writes unknown fields after the known ones).
    @Test func unknownFieldsRoundTripByteForByte() throws {
        let reference = try fixture(PythonFixtures.bridgeMessageUnknownFields)
        let proto = try BridgeMessageProto(serializedBytes: reference)
        #expect(proto.message == Self.full)
        #expect(proto.unknownFields.bytes == Self.unknownFields)
        #expect(proto.serializedBytes() == reference)
        #expect(proto.serializedSize == reference.count)

        var withFields = BridgeMessageProto(Self.full)
        withFields.unknownFields = UnknownFields(rawBytes: Self.unknownFields)
        try expectMatchesReference(withFields, PythonFixtures.bridgeMessageUnknownFields)
    }

    @Test func settingTheMessageKeepsUnknownFields() throws {
        var proto = try BridgeMessageProto(serializedBytes: fixture(PythonFixtures.bridgeMessageUnknownFields))
        var message = proto.message
        message.type = "ECHO"
        proto.message = message
        #expect(proto.type == "ECHO")
        #expect(proto.unknownFields.bytes == Self.unknownFields)
    }

    /// The direct JSONValue codec and the Google_Protobuf_Struct messages agree byte for byte.
    @Test func attributesCodecAgreesWithTheStructMessage() throws {
        let attributes = WellKnownTypeTests.allKinds
        let proto = BridgeMessageProto(BridgeMessage(attributes: attributes))
        let viaStruct = [0x22] + lengthPrefixed(Google_Protobuf_Struct(attributes).serializedBytes())
        #expect(proto.serializedBytes() == viaStruct)
        #expect(try BridgeMessage(protobuf: viaStruct).attributes == attributes)
    }

    /// Long attribute values need multi-byte length prefixes at several nesting levels.
    @Test func largeAttributesMatchTheStructMessage() throws {
        let long = String(repeating: "x", count: 20_000)
        let attributes: [String: JSONValue] = ["long": .string(long), "nested": ["list": [.string(long), 1, ["k": .string(long)]]]]
        let bytes = BridgeMessage(attributes: attributes).protobufBytes()
        let viaStruct = [0x22] + lengthPrefixed(Google_Protobuf_Struct(attributes).serializedBytes())
        #expect(bytes == viaStruct)
        #expect(BridgeMessage(attributes: attributes).protobufSize == bytes.count)
        #expect(try BridgeMessage(protobuf: bytes).attributes == attributes)
    }

    @Test func appendsToAReusedBuffer() throws {
        var buffer: [UInt8] = [0, 0, 0, 0, 0]  // e.g. a gRPC frame header written first
        var writer = ProtobufWriter(appendingTo: &buffer)
        Self.full.writeProtobuf(to: &writer)
        writer.take(into: &buffer)
        #expect(Array(buffer.dropFirst(5)) == Self.full.protobufBytes())
        let decoded = try buffer.withUnsafeBytes { raw in
            try BridgeMessage(protobuf: UnsafeRawBufferPointer(rebasing: raw[5...]))
        }
        #expect(decoded == Self.full)
    }

    @Test func wrongWireTypeForAttributesIsAnError() {
        // attributes (4) as a varint.
        #expect(throws: ProtobufError(.wrongWireType(field: 4, expected: .lengthDelimited, found: .varint), at: 0)) {
            try BridgeMessage(protobuf: [0x20, 0x01])
        }
    }

    private func lengthPrefixed(_ bytes: [UInt8]) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.writeLengthDelimited(bytes)
        return writer.bytes
    }
}
