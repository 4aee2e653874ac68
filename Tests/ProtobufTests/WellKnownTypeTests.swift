import BridgeCore
import Protobuf
import Testing

/// google.protobuf.Struct / Value / ListValue / Empty against Python's protobuf, and their
/// conversion to and from BridgeCore's JSONValue.
@Suite struct WellKnownTypeTests {
    static let allKinds: [String: JSONValue] = [
        "null": .null, "int": 42, "neg": -3.5, "big": 1e300, "small": .number(.leastNonzeroMagnitude), "zero": 0,
        "str": "text", "blank": "", "uni": "h\u{E9}llo \u{263A} \u{1F608}", "yes": true, "no": false,
        "obj": ["a": 1, "nested": ["deep": [1, "two", nil]]],
        "list": [1, "a", true, nil, [], [:], [[-1]]],
        "e_obj": [:], "e_list": [], "\u{E9}": 1,
    ]

    @Test func structWithEveryKindMatchesTheReference() throws {
        try expectMatchesReference(Google_Protobuf_Struct(Self.allKinds), PythonFixtures.structAllKinds)
        let decoded = try Google_Protobuf_Struct(serializedBytes: fixture(PythonFixtures.structAllKinds))
        #expect(decoded.jsonObject == Self.allKinds)
    }

    @Test func structKeysSortInByteOrder() throws {
        let object: [String: JSONValue] = ["": 1, "a": "x", "ab": true, "abc": nil]
        try expectDecodesReference(Google_Protobuf_Struct(object), PythonFixtures.structPrefixKeys)
        try expectMatchesReference(Google_Protobuf_Struct(object), PythonFixtures.structPrefixKeysAscending)
    }

    @Test func emptyStruct() throws {
        try expectMatchesReference(Google_Protobuf_Struct(), PythonFixtures.structEmpty)
    }

    @Test func eachValueKind() throws {
        try expectMatchesReference(Google_Protobuf_Value(kind: .nullValue(.nullValue)), PythonFixtures.valueNull)
        try expectMatchesReference(Google_Protobuf_Value(kind: .numberValue(0)), PythonFixtures.valueNumberZero)
        try expectMatchesReference(Google_Protobuf_Value(kind: .numberValue(-12.75)), PythonFixtures.valueNumber)
        try expectMatchesReference(Google_Protobuf_Value(kind: .stringValue("")), PythonFixtures.valueStringEmpty)
        try expectMatchesReference(Google_Protobuf_Value(kind: .boolValue(false)), PythonFixtures.valueBoolFalse)
        try expectMatchesReference(Google_Protobuf_Value(kind: .structValue(.init())), PythonFixtures.valueStructEmpty)
        try expectMatchesReference(Google_Protobuf_Value(kind: .listValue(.init())), PythonFixtures.valueListEmpty)
        try expectMatchesReference(Google_Protobuf_Value(kind: nil), PythonFixtures.valueUnset)
    }

    @Test func listValue() throws {
        let list = Google_Protobuf_ListValue([1, "x", nil, ["k": []], true])
        try expectMatchesReference(list, PythonFixtures.listValue)
        #expect(list.jsonArray == [1, "x", nil, ["k": []], true])
    }

    @Test func emptyMessages() throws {
        try expectMatchesReference(Google_Protobuf_Empty(), PythonFixtures.googleEmpty)
        try expectMatchesReference(Grpc_Testing_Empty(), PythonFixtures.grpcTestingEmpty)
    }

    @Test func jsonConversionsRoundTrip() {
        for (_, value) in Self.allKinds {
            #expect(Google_Protobuf_Value(value).jsonValue == value)
            #expect(JSONValue(Google_Protobuf_Value(value)) == value)
        }
        #expect(Google_Protobuf_Value().jsonValue == .null)
        #expect(Google_Protobuf_Value(kind: .nullValue(.unrecognized(3))).jsonValue == .null)
    }

    @Test func valueKeepsUnknownFieldsAndANonZeroNull() throws {
        // null_value = 3 (an unknown enum number), then field 9 varint 1 (unknown).
        let bytes: [UInt8] = [0x08, 0x03, 0x48, 0x01]
        let value = try Google_Protobuf_Value(serializedBytes: bytes)
        #expect(value.kind == .nullValue(.unrecognized(3)))
        #expect(value.unknownFields.bytes == [0x48, 0x01])
        #expect(value.serializedBytes() == bytes)
    }

    @Test func aStructMemberSeenTwiceIsMerged() throws {
        // Value{struct_value{a: 1}} then Value{struct_value{b: 2}} concatenated: one struct {a, b}.
        let first = Google_Protobuf_Value(.object(["a": 1])).serializedBytes()
        let second = Google_Protobuf_Value(.object(["b": 2])).serializedBytes()
        let merged = try Google_Protobuf_Value(serializedBytes: first + second)
        #expect(merged.jsonValue == ["a": 1, "b": 2])
    }

    /// Fuzz regression (scripts/fuzz.sh protobuf): a map entry is a message, so a message value
    /// that appears twice inside one entry is merged (two list values: one list of both), where
    /// the map reader used to keep only the last. BridgeMessage's own attribute codec already
    /// merged, and the two readers of the same Struct bytes disagreed.
    @Test func aMapEntryWithItsMessageValueTwiceMergesThem() throws {
        let first = Google_Protobuf_Value(.array([1, true])).serializedBytes()
        let second = Google_Protobuf_Value(.array(["two"])).serializedBytes()
        // Struct.fields entry: key "k" (field 1), then value (field 2) twice.
        var entry: [UInt8] = [0x0A, 0x01, UInt8(ascii: "k")]
        entry += [0x12, UInt8(first.count)] + first
        entry += [0x12, UInt8(second.count)] + second
        let structBytes: [UInt8] = [0x0A, UInt8(entry.count)] + entry
        let viaStruct = try Google_Protobuf_Struct(serializedBytes: structBytes)
        #expect(viaStruct.jsonObject == ["k": [1, true, "two"]])

        // The same bytes as a BridgeMessage's attributes (field 4) read alike.
        let message = try BridgeMessageProto(serializedBytes: [0x22, UInt8(structBytes.count)] + structBytes)
        #expect(message.attributes == viaStruct.jsonObject)

        // A scalar value seen twice keeps the last, and so does a key.
        var scalar: [UInt8] = [0x0A, 0x01, UInt8(ascii: "a"), 0x0A, 0x01, UInt8(ascii: "b")]
        scalar += [0x12, 0x02, 0x20, 0x01]            // bool_value true
        scalar += [0x12, 0x02, 0x20, 0x00]            // bool_value false
        let lastWins = try Google_Protobuf_Struct(serializedBytes: [0x0A, UInt8(scalar.count)] + scalar)
        #expect(lastWins.jsonObject == ["b": false])
    }
}
