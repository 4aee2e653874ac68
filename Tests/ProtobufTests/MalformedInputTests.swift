import BridgeCore
import Protobuf
import Testing

/// Malformed input is a typed error with the right kind and offset, never a crash.
@Suite struct MalformedInputTests {
    /// The error decoding `bytes` as a TestAllTypes throws (nil when it decodes).
    private func decodeError(_ bytes: [UInt8], recursionLimit: Int = ProtobufReader.defaultRecursionLimit) -> ProtobufError? {
        decodeError(TestAllTypes.self, bytes, recursionLimit: recursionLimit)
    }

    /// The error decoding `bytes` as an `M` throws (nil when it decodes).
    private func decodeError<M: ProtoMessage>(_ type: M.Type, _ bytes: [UInt8],
                                        recursionLimit: Int = ProtobufReader.defaultRecursionLimit) -> ProtobufError? {
        do {
            _ = try M(serializedBytes: bytes, recursionLimit: recursionLimit)
            return nil
        } catch {
            return error
        }
    }

    @Test func truncatedVarint() {
        #expect(decodeError([0x08, 0x80]) == ProtobufError(.truncatedVarint, at: 1))
        #expect(decodeError([0x08]) == ProtobufError(.truncatedVarint, at: 1))
        #expect(decodeError([0x80]) == ProtobufError(.truncatedVarint, at: 0))  // in the key
    }

    @Test func varintOverTenBytes() {
        let eleven: [UInt8] = [0x08] + [UInt8](repeating: 0x80, count: 10) + [0x01]
        #expect(decodeError(eleven) == ProtobufError(.varintTooLong, at: 1))
        // Ten bytes is the most a varint may take, and is fine.
        let ten: [UInt8] = [0x08] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        #expect(decodeError(ten) == nil)
        let decoded = try? TestAllTypes(serializedBytes: ten)
        #expect(decoded?.fInt32 == -1)
    }

    @Test func lengthPastTheEnd() {
        #expect(decodeError([0x72, 0x05, 0x61]) == ProtobufError(.lengthPastEnd(length: 5), at: 1))
        let huge: [UInt8] = [0x7A] + [UInt8](repeating: 0xFF, count: 9) + [0x01]
        #expect(decodeError(huge) == ProtobufError(.lengthPastEnd(length: .max), at: 1))
        // Inside a nested message the bound is the nested message's end, not the buffer's.
        let nested: [UInt8] = [0x8A, 0x01, 0x02, 0x12, 0x05, 0x61, 0x61, 0x61, 0x61, 0x61]
        #expect(decodeError(nested) == ProtobufError(.lengthPastEnd(length: 5), at: 4))
        // An unknown length-delimited field is bounded too.
        #expect(decodeError([0xA2, 0x06, 0x03, 0x00]) == ProtobufError(.lengthPastEnd(length: 3), at: 2))
    }

    @Test func truncatedFixedValues() {
        #expect(decodeError([0x3D, 0x01, 0x02]) == ProtobufError(.truncatedFixed(width: 4), at: 1))
        #expect(decodeError([0x41, 0x01, 0x02, 0x03]) == ProtobufError(.truncatedFixed(width: 8), at: 1))
        // A packed fixed32 run whose length is not a multiple of 4.
        #expect(decodeError([0xAA, 0x02, 0x03, 0x01, 0x02, 0x03]) == ProtobufError(.truncatedFixed(width: 4), at: 3))
    }

    @Test func wrongWireTypeForAKnownField() {
        #expect(decodeError([0x0D, 0, 0, 0, 0]) == ProtobufError(.wrongWireType(field: 1, expected: .varint, found: .fixed32), at: 0))
        #expect(decodeError([0x70, 0x01]) == ProtobufError(.wrongWireType(field: 14, expected: .lengthDelimited, found: .varint), at: 0))
        #expect(decodeError([0x03, 0x00]) != nil)
        #expect(decodeError(Grpc_Testing_SimpleRequest.self, [0x1D, 0, 0, 0, 0])
                == ProtobufError(.wrongWireType(field: 3, expected: .lengthDelimited, found: .fixed32), at: 0))
    }

    @Test func invalidWireTypes() {
        #expect(decodeError([0x0E]) == ProtobufError(.invalidWireType(6), at: 0))
        #expect(decodeError([0x0F]) == ProtobufError(.invalidWireType(7), at: 0))
        #expect(decodeError([0x08, 0x01, 0xA6, 0x06]) == ProtobufError(.invalidWireType(6), at: 2))  // unknown field 100
        #expect(decodeError(Google_Protobuf_Empty.self, [0x0F]) == ProtobufError(.invalidWireType(7), at: 0))
    }

    @Test func groupsAreRefused() {
        #expect(decodeError([0x0B]) == ProtobufError(.groupsNotSupported(field: 1), at: 0))
        #expect(decodeError([0x0C]) == ProtobufError(.groupsNotSupported(field: 1), at: 0))
        #expect(decodeError([0xA3, 0x06, 0xA4, 0x06]) == ProtobufError(.groupsNotSupported(field: 100), at: 0))
        #expect(decodeError(BridgeMessageProto.self, [0x3B]) == ProtobufError(.groupsNotSupported(field: 7), at: 0))
    }

    @Test func invalidFieldNumbers() {
        #expect(decodeError([0x00, 0x00]) == ProtobufError(.invalidFieldNumber(0), at: 0))
        #expect(decodeError([0x02, 0x00]) == ProtobufError(.invalidFieldNumber(2), at: 0))
        let past32Bits: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x10, 0x00]
        #expect(decodeError(past32Bits) == ProtobufError(.invalidFieldNumber(1 << 32), at: 0))
    }

    @Test func recursionLimit() throws {
        let depth100 = try fixture(PythonFixtures.nestedDepth100)
        #expect(decodeError(TestNested.self, depth100) == nil)
        var writer = ProtobufWriter()
        writer.writeKey(field: 3, wireType: .lengthDelimited)
        writer.writeLengthDelimited(depth100)
        let depth101 = writer.bytes
        #expect(decodeError(TestNested.self, depth101)?.kind == .recursionLimitExceeded(limit: 100))
        #expect(decodeError(TestNested.self, depth100, recursionLimit: 10)?.kind == .recursionLimitExceeded(limit: 10))
        #expect(decodeError(TestNested.self, depth101, recursionLimit: 101) == nil)
    }

    /// A list nested thousands of levels deep stops at the limit instead of exhausting the stack,
    /// through the Struct messages and through BridgeMessage's attributes alike.
    @Test func deeplyNestedValuesHitTheLimit() throws {
        var value: [UInt8] = [0x08, 0x00]  // Value{null_value}
        for _ in 0..<3000 {
            var list = ProtobufWriter()
            list.writeKey(field: 1, wireType: .lengthDelimited)   // ListValue.values
            list.writeLengthDelimited(value)
            var wrapped = ProtobufWriter()
            wrapped.writeKey(field: 6, wireType: .lengthDelimited)  // Value.list_value
            wrapped.writeLengthDelimited(list.bytes)
            value = wrapped.bytes
        }
        #expect(decodeError(Google_Protobuf_Value.self, value)?.kind == .recursionLimitExceeded(limit: 100))
        var entry = ProtobufWriter()
        entry.write(ProtoString.self, field: 1, "k")
        entry.writeKey(field: 2, wireType: .lengthDelimited)
        entry.writeLengthDelimited(value)
        var attributes = ProtobufWriter()
        attributes.writeKey(field: 1, wireType: .lengthDelimited)
        attributes.writeLengthDelimited(entry.bytes)
        var message = ProtobufWriter()
        message.writeKey(field: 4, wireType: .lengthDelimited)
        message.writeLengthDelimited(attributes.bytes)
        #expect(decodeError(BridgeMessageProto.self, message.bytes)?.kind == .recursionLimitExceeded(limit: 100))
        #expect(decodeError(Google_Protobuf_Struct.self, attributes.bytes)?.kind == .recursionLimitExceeded(limit: 100))
    }

    @Test func invalidUTF8InStringFields() {
        #expect(decodeError([0x72, 0x01, 0xFF]) == ProtobufError(.invalidUTF8(field: 14), at: 1))
        #expect(decodeError([0x72, 0x02, 0xC0, 0x80]) == ProtobufError(.invalidUTF8(field: 14), at: 1))        // overlong
        #expect(decodeError([0x72, 0x03, 0xED, 0xA0, 0x80]) == ProtobufError(.invalidUTF8(field: 14), at: 1))  // surrogate
        #expect(decodeError([0x72, 0x02, 0xE2, 0x98]) == ProtobufError(.invalidUTF8(field: 14), at: 1))        // cut short
        #expect(decodeError([0xE2, 0x02, 0x01, 0xFF]) == ProtobufError(.invalidUTF8(field: 44), at: 2))        // repeated
        // A map key: m_string_int32 entry {key: "\xFF"}.
        #expect(decodeError([0x92, 0x03, 0x03, 0x0A, 0x01, 0xFF]) == ProtobufError(.invalidUTF8(field: 1), at: 4))
        #expect(decodeError(BridgeMessageProto.self, [0x0A, 0x01, 0x80]) == ProtobufError(.invalidUTF8(field: 1), at: 1))
        // A Struct key inside BridgeMessage.attributes.
        #expect(decodeError(BridgeMessageProto.self, [0x22, 0x05, 0x0A, 0x03, 0x0A, 0x01, 0xFE])
                == ProtobufError(.invalidUTF8(field: 1), at: 5))
        // bytes fields take anything.
        #expect(decodeError([0x7A, 0x01, 0xFF]) == nil)
    }

    @Test func gRPCMessagesRefuseMalformedInputToo() {
        #expect(decodeError(Grpc_Testing_SimpleRequest.self, [0x10]) == ProtobufError(.truncatedVarint, at: 1))
        #expect(decodeError(Grpc_Testing_StreamingOutputCallRequest.self, [0x12, 0x01, 0x08]) == ProtobufError(.truncatedVarint, at: 3))
        #expect(decodeError(Grpc_Health_V1_HealthCheckRequest.self, [0x0A, 0x01, 0xC3]) == ProtobufError(.invalidUTF8(field: 1), at: 1))
        #expect(throws: ProtobufError.self) { try BridgeMessage(protobuf: [0x2A, 0x01]) }
    }
}
