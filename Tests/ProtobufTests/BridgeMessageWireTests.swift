import BridgeCore
import Protobuf
import Testing

/// BridgeMessage's direct binary codec (written back to front, read without a
/// `BridgeMessageProto` in between) against the general paths: the `Google_Protobuf_Struct`
/// message for the attributes, and `BridgeMessageProto` for the whole message. Covers each
/// way the encoder sizes its buffer: stack scratch, scratch outgrown, an exact-size array.
@Suite struct BridgeMessageWireTests {
    /// The reference bytes: each field through the generic writer, the attributes through the
    /// `Google_Protobuf_Struct` message (sorted map keys, exact nested sizes).
    static func reference(_ message: BridgeMessage) -> [UInt8] {
        var writer = ProtobufWriter()
        writer.writeIfNotDefault(ProtoString.self, field: 1, message.messageID)
        writer.writeIfNotDefault(ProtoString.self, field: 2, message.type)
        writer.writeIfNotDefault(ProtoString.self, field: 3, message.requestID)
        if !message.attributes.isEmpty {
            writer.writeMessage(field: 4, Google_Protobuf_Struct(message.attributes))
        }
        writer.writeIfNotDefault(ProtoInt64.self, field: 5, message.timestampMs)
        writer.writeIfNotDefault(ProtoBytes.self, field: 6, message.payload)
        return writer.bytes
    }

    static func expectAgrees(_ message: BridgeMessage, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = message.protobufBytes()
        let expected = reference(message)
        #expect(bytes == expected, sourceLocation: sourceLocation)
        #expect(message.protobufSize == expected.count, sourceLocation: sourceLocation)
        #expect(BridgeMessageProto(message).serializedBytes() == expected, sourceLocation: sourceLocation)
        #expect(BridgeMessageProto(message).serializedSize == expected.count, sourceLocation: sourceLocation)
        var writer = ProtobufWriter(capacity: 0)
        writer.writeRaw([9, 9])
        message.writeProtobuf(to: &writer)
        #expect(writer.bytes == [9, 9] + expected, sourceLocation: sourceLocation)
        #expect(try BridgeMessage(protobuf: bytes) == message, sourceLocation: sourceLocation)
    }

    @Test func smallMessagesUseStackScratch() throws {
        try Self.expectAgrees(BridgeMessage())
        try Self.expectAgrees(BridgeMessage(messageID: "m", type: "T", requestID: "r", timestampMs: -1))
        try Self.expectAgrees(BridgeMessage(messageID: "bench-000000000000", type: "VALIDATION_REQUEST",
                                            attributes: ["board_id": "board-7", "voltage": 12.5, "current": 3, "mode": "auto"],
                                            timestampMs: 1_700_000_000_000))
        try Self.expectAgrees(BridgeMessage(attributes: WellKnownTypeTests.allKinds, payload: [1, 2, 3]))
    }

    /// The estimate counts attributes, not their contents: one long value outgrows the stack
    /// scratch and moves to the heap mid-write.
    @Test func outgrowingTheScratch() throws {
        let long = String(repeating: "\u{E9}x", count: 3_000)
        try Self.expectAgrees(BridgeMessage(messageID: "id", attributes: ["k": .string(long)]))
        try Self.expectAgrees(BridgeMessage(attributes: ["a": ["b": ["c": [.string(long), .string(long), nil, true]]]]))
    }

    /// A large estimate (payload, many attributes) sizes the array exactly and writes into it.
    @Test func largeMessagesAreSizedExactly() throws {
        try Self.expectAgrees(BridgeMessage(messageID: "id", type: "t", payload: Array(repeating: 7, count: 70_000)))
        var many: [String: JSONValue] = [:]
        for index in 0..<300 { many["key-\(index)"] = index % 3 == 0 ? .number(Double(index)) : .string("v\(index)") }
        try Self.expectAgrees(BridgeMessage(attributes: many, timestampMs: 5))
        try Self.expectAgrees(BridgeMessage(attributes: ["many": .object(many)], payload: [0]))
    }

    /// Map keys go out in UTF-8 byte order, below and above the insertion-sort cutoff.
    @Test func keysInUTF8Order() throws {
        let keys = ["", "a", "B", "b", "\u{E9}", "e\u{301}x", "\u{FF61}", "\u{1F600}", "\u{7F}", "aa", "a\u{0}"]
        var attributes: [String: JSONValue] = [:]
        for (index, key) in keys.enumerated() { attributes[key] = .number(Double(index)) }
        try Self.expectAgrees(BridgeMessage(attributes: attributes))
        for index in 0..<40 { attributes["k\(index * 7 % 40)\u{E9}"] = .bool(index % 2 == 0) }
        try Self.expectAgrees(BridgeMessage(attributes: attributes))
        try Self.expectAgrees(BridgeMessage(attributes: ["x": .object(attributes), "y": .array([.object(attributes)])]))
    }

    /// The direct decoder reads exactly what `BridgeMessageProto` reads (or fails alike), on
    /// every truncation and on random mutations of the fixtures.
    @Test func directDecodeAgreesWithBridgeMessageProto() throws {
        var generator = RandomizedDecodeTests.SeededGenerator(state: 0xB1D6E)
        for seed in RandomizedDecodeTests.seeds {
            let original = try fixture(seed)
            for length in 0...original.count { Self.expectSameDecode(Array(original.prefix(length))) }
            for _ in 0..<100 {
                var mutated = original
                for _ in 0..<Int.random(in: 1...3, using: &generator) where !mutated.isEmpty {
                    mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
                Self.expectSameDecode(mutated)
            }
        }
    }

    static func expectSameDecode(_ bytes: [UInt8]) {
        let direct = Result { () throws(ProtobufError) in try BridgeMessage(protobuf: bytes) }
        let viaProto = Result { () throws(ProtobufError) in try BridgeMessageProto(serializedBytes: bytes).message }
        switch (direct, viaProto) {
        case (.success(let a), .success(let b)):
            #expect(a == b, "decodes differ for \(hex(bytes))")
        case (.failure(let a), .failure(let b)):
            #expect(a == b, "errors differ for \(hex(bytes))")
        default:
            Issue.record("one decoder failed, the other did not, for \(hex(bytes))")
        }
    }
}
