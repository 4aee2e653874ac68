import Protobuf
import Testing

/// The wire primitives on their own: varints, ZigZag, fixed widths, keys, sizes, skipping.
@Suite struct WirePrimitiveTests {
    static let varints: [(UInt64, [UInt8])] = [
        (0, [0x00]), (1, [0x01]), (127, [0x7F]), (128, [0x80, 0x01]), (150, [0x96, 0x01]), (300, [0xAC, 0x02]),
        (16_383, [0xFF, 0x7F]), (16_384, [0x80, 0x80, 0x01]), (UInt64(UInt32.max), [0xFF, 0xFF, 0xFF, 0xFF, 0x0F]),
        (UInt64.max, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
    ]

    @Test func varintsEncodeDecodeAndSize() throws {
        for (value, bytes) in Self.varints {
            var writer = ProtobufWriter()
            writer.writeVarint(value)
            #expect(writer.bytes == bytes, "\(value)")
            #expect(ProtobufSize.varint(value) == bytes.count, "\(value)")
            let (read, atEnd) = try withReader(bytes) { reader throws(ProtobufError) in
                (try reader.readVarint(), reader.isAtEnd)
            }
            #expect(atEnd)
            #expect(read == value)
        }
        for shift in 0..<64 {
            let value = UInt64(1) << UInt64(shift)
            var writer = ProtobufWriter()
            writer.writeVarint(value)
            #expect(ProtobufSize.varint(value) == writer.count)
            writer = ProtobufWriter()
            writer.writeVarint(value - 1)
            #expect(ProtobufSize.varint(value - 1) == writer.count)
        }
    }

    @Test func negativeInt32IsSignExtendedToTenBytes() {
        var writer = ProtobufWriter()
        writer.writeInt32(-1)
        #expect(writer.bytes == [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(ProtobufSize.int32(-1) == 10)
        #expect(ProtobufSize.int32(.max) == 5)
    }

    @Test func zigZag() {
        let pairs32: [(Int32, UInt32)] = [(0, 0), (-1, 1), (1, 2), (-2, 3), (.max, 0xFFFF_FFFE), (.min, 0xFFFF_FFFF)]
        for (signed, unsigned) in pairs32 {
            #expect(ZigZag.encode(signed) == unsigned)
            #expect(ZigZag.decode(unsigned) == signed)
        }
        let pairs64: [(Int64, UInt64)] = [(0, 0), (-1, 1), (1, 2), (-2, 3), (.max, .max - 1), (.min, .max)]
        for (signed, unsigned) in pairs64 {
            #expect(ZigZag.encode(signed) == unsigned)
            #expect(ZigZag.decode(unsigned) == signed)
        }
    }

    @Test func fixedWidthsAreLittleEndian() throws {
        var writer = ProtobufWriter()
        writer.writeFixed32(0x0403_0201)
        writer.writeFixed64(0x0807_0605_0403_0201)
        writer.writeFloat(1.5)
        writer.writeDouble(-2)
        #expect(writer.bytes == [1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 0x00, 0x00, 0xC0, 0x3F,
                                 0, 0, 0, 0, 0, 0, 0x00, 0xC0])
        let read = try withReader(writer.bytes) { reader throws(ProtobufError) in
            (try reader.readFixed32(), try reader.readFixed64(), try reader.readFixed32(), try reader.readFixed64(),
             reader.isAtEnd)
        }
        #expect(read.0 == 0x0403_0201)
        #expect(read.1 == 0x0807_0605_0403_0201)
        #expect(Float(bitPattern: read.2) == 1.5)
        #expect(Double(bitPattern: read.3) == -2)
        #expect(read.4)
    }

    @Test func keysAndTheLargestFieldNumber() throws {
        var writer = ProtobufWriter()
        writer.writeKey(field: 1, wireType: .varint)
        writer.writeKey(field: 2, wireType: .lengthDelimited)
        writer.writeKey(field: 536_870_911, wireType: .fixed32)
        #expect(writer.bytes == [0x08, 0x12, 0xFD, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(ProtobufSize.key(field: 536_870_911) == 5)
        let keys = try withReader(writer.bytes) { reader throws(ProtobufError) in
            var keys: [FieldKey] = []
            while let key = try reader.nextField() {
                keys.append(key)  // keys only: no values were written
            }
            return keys
        }
        #expect(keys == [FieldKey(number: 1, wireType: .varint), FieldKey(number: 2, wireType: .lengthDelimited),
                         FieldKey(number: 536_870_911, wireType: .fixed32)])
        #expect(FieldKey(number: 2, wireType: .lengthDelimited).rawValue == 0x12)
    }

    @Test func stringsAndBytesAreLengthPrefixed() throws {
        var writer = ProtobufWriter()
        writer.writeLengthDelimited("h\u{E9}")
        writer.writeLengthDelimited([0xAB, 0xCD])
        #expect(writer.bytes == [0x03, 0x68, 0xC3, 0xA9, 0x02, 0xAB, 0xCD])
        let read = try withReader(writer.bytes) { reader throws(ProtobufError) in
            (try reader.readString(field: 1), try reader.readBytes())
        }
        #expect(read.0 == "h\u{E9}")
        #expect(read.1 == [0xAB, 0xCD])
    }

    /// Unknown fields of every wire type are captured whole (key included), in order.
    @Test func skippingKeepsRawFields() throws {
        let bytes: [UInt8] = [0x08, 0x96, 0x01, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1A, 0x02, 0xAA, 0xBB, 0x25, 9, 9, 9, 9]
        var unknown = UnknownFields()
        try withReader(bytes) { reader throws(ProtobufError) in
            while let key = try reader.nextField() {
                try reader.skipValue(of: key, keepingIn: &unknown)
            }
        }
        #expect(unknown.bytes == bytes)
        #expect(try Google_Protobuf_Empty(serializedBytes: bytes).serializedBytes() == bytes)
    }

    @Test func packedRunsWrittenWithExactLength() {
        var writer = ProtobufWriter()
        writer.writePacked(ProtoSInt32.self, field: 4, [0, -1, 64])
        #expect(writer.bytes == [0x22, 0x04, 0x00, 0x01, 0x80, 0x01])
        #expect(ProtobufSize.packed(ProtoSInt32.self, field: 4, [0, -1, 64]) == writer.count)
        writer = ProtobufWriter()
        writer.writePacked(ProtoFixed32.self, field: 1, [])
        #expect(writer.bytes.isEmpty)
    }

    /// A patched-in length matches a precomputed one at every prefix size (1, 2 and 3 bytes).
    @Test func patchedLengthsMatchPrecomputedOnes() {
        for length in [0, 1, 127, 128, 300, 16_383, 16_384, 70_000] {
            let body = [UInt8](repeating: 0x5A, count: length)
            var patched = ProtobufWriter()
            patched.writeRaw([0xEE])
            let placeholder = patched.beginLengthDelimited()
            patched.writeRaw(body)
            patched.endLengthDelimited(placeholder)
            patched.writeRaw([0xFF])
            var direct = ProtobufWriter()
            direct.writeRaw([0xEE])
            direct.writeLengthDelimited(body)
            direct.writeRaw([0xFF])
            #expect(patched.bytes == direct.bytes, "length \(length)")
        }
    }

    @Test func errorDescriptionNamesOffsetAndReason() {
        let error = ProtobufError(.invalidUTF8(field: 14), at: 7)
        #expect(error.description == "invalid protobuf at byte 7: string field 14 is not valid UTF-8")
        #expect(ProtobufError(.lengthPastEnd(length: 5), at: 1).reason.contains("length 5"))
    }
}
