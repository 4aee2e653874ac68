import Protobuf
import Testing

/// Every proto3 field shape against Python's protobuf (Fixtures/generate.py): scalars at typical,
/// negative and extreme values, packed and unpacked repeated fields, maps, oneofs, merging.
@Suite struct AllTypesFixtureTests {
    static let typical: TestAllTypes = {
        var m = TestAllTypes()
        m.fInt32 = 150
        m.fInt64 = 1_234_567_890_123
        m.fUInt32 = 300
        m.fUInt64 = 1 << 40
        m.fSInt32 = 63
        m.fSInt64 = 64
        m.fFixed32 = 0xDEAD_BEEF
        m.fFixed64 = 0x0123_4567_89AB_CDEF
        m.fSFixed32 = 1
        m.fSFixed64 = 2
        m.fFloat = 1.5
        m.fDouble = 0.1
        m.fBool = true
        m.fString = "hello"
        m.fBytes = [0x00, 0x01, 0xFE, 0xFF]
        m.fEnum = .green
        m.fNested = TestNested(a: 1, b: "x", child: TestNested(a: 2))
        return m
    }()

    static let repeated: TestAllTypes = {
        var m = TestAllTypes()
        m.rInt32 = [0, 1, -1, .max, .min, 150]
        m.rInt64 = [0, -1, .max, .min]
        m.rUInt32 = [0, 1, .max]
        m.rUInt64 = [0, .max, 300]
        m.rSInt32 = [0, -1, 1, .min, .max]
        m.rSInt64 = [0, -1, 1, .min, .max]
        m.rFixed32 = [0, 1, .max]
        m.rFixed64 = [0, .max]
        m.rSFixed32 = [-1, 0, 1]
        m.rSFixed64 = [.min, .max]
        m.rFloat = [1.5, -0.5, 0]
        m.rDouble = [0.1, -1e300, 0]
        m.rBool = [true, false, true]
        m.rString = ["", "a", "\u{263A}"]
        m.rBytes = [[], [0x00], [0xFF, 0xFE]]
        m.rEnum = [.red, .negative, .unspecified, .unrecognized(99)]
        m.rNested = [TestNested(a: 1), TestNested(), TestNested(b: "z")]
        return m
    }()

    @Test func emptyMessageIsNoBytes() throws {
        try expectMatchesReference(TestAllTypes(), PythonFixtures.allTypesEmpty)
    }

    @Test func typicalValues() throws {
        try expectMatchesReference(Self.typical, PythonFixtures.allTypesTypical)
    }

    @Test func negativeValues() throws {
        var m = TestAllTypes()
        m.fInt32 = -1
        m.fInt64 = -1
        m.fSInt32 = -1
        m.fSInt64 = -1
        m.fSFixed32 = -1
        m.fSFixed64 = -1
        m.fFloat = -2.25
        m.fDouble = -1e-300
        m.fEnum = .negative
        m.fNested = TestNested(a: -150)
        m.fMaxField = -2
        try expectMatchesReference(m, PythonFixtures.allTypesNegative)
    }

    @Test func maximumValues() throws {
        var m = TestAllTypes()
        m.fInt32 = .max
        m.fInt64 = .max
        m.fUInt32 = .max
        m.fUInt64 = .max
        m.fSInt32 = .max
        m.fSInt64 = .max
        m.fFixed32 = .max
        m.fFixed64 = .max
        m.fSFixed32 = .max
        m.fSFixed64 = .max
        m.fFloat = .greatestFiniteMagnitude
        m.fDouble = .greatestFiniteMagnitude
        m.fBool = true
        m.fString = "h\u{E9}llo \u{263A} \u{1F608}"
        m.fBytes = Array(0...255)
        m.fEnum = .unrecognized(99)
        m.fMaxField = .max
        try expectMatchesReference(m, PythonFixtures.allTypesMax)
    }

    @Test func minimumValues() throws {
        var m = TestAllTypes()
        m.fInt32 = .min
        m.fInt64 = .min
        m.fSInt32 = .min
        m.fSInt64 = .min
        m.fSFixed32 = .min
        m.fSFixed64 = .min
        m.fFloat = .leastNonzeroMagnitude
        m.fDouble = .leastNonzeroMagnitude
        m.fEnum = .unrecognized(.min)
        m.fMaxField = .min
        try expectMatchesReference(m, PythonFixtures.allTypesMin)
    }

    /// NaN is not equal to itself, so this compares bit patterns instead of values.
    @Test func floatSpecialValues() throws {
        var m = TestAllTypes()
        m.fFloat = .nan
        m.fDouble = -0.0
        m.rFloat = [.infinity, -.infinity, -0.0, .nan]
        m.rDouble = [.infinity, -.infinity, .nan, 0]
        #expect(hex(m.serializedBytes()) == PythonFixtures.floatSpecials)
        #expect(m.serializedSize == m.serializedBytes().count)
        let decoded = try TestAllTypes(serializedBytes: fixture(PythonFixtures.floatSpecials))
        #expect(decoded.fFloat.bitPattern == Float.nan.bitPattern)
        #expect(decoded.fDouble.bitPattern == (-0.0 as Double).bitPattern)
        #expect(decoded.rFloat.map(\.bitPattern) == m.rFloat.map(\.bitPattern))
        #expect(decoded.rDouble.map(\.bitPattern) == m.rDouble.map(\.bitPattern))
    }

    @Test func repeatedFieldsArePacked() throws {
        try expectMatchesReference(Self.repeated, PythonFixtures.repeatedPacked)
    }

    /// proto3 writes packed, but must read the unpacked form too; re-encoding packs it.
    @Test func unpackedRepeatedFieldsAreAccepted() throws {
        let decoded = try TestAllTypes(serializedBytes: fixture(PythonFixtures.repeatedUnpacked))
        #expect(decoded == Self.repeated)
        #expect(hex(decoded.serializedBytes()) == PythonFixtures.repeatedPacked)
    }

    /// A field may arrive packed and unpacked in the same message; the values concatenate.
    @Test func packedAndUnpackedRunsConcatenate() throws {
        let packed = try fixture(PythonFixtures.repeatedPacked)
        let unpacked = try fixture(PythonFixtures.repeatedUnpacked)
        let decoded = try TestAllTypes(serializedBytes: packed + unpacked)
        #expect(decoded.rInt32 == Self.repeated.rInt32 + Self.repeated.rInt32)
        #expect(decoded.rNested.count == 6)
    }

    @Test func stringKeyedMapsMatchByteForByte() throws {
        var m = TestAllTypes()
        m.mStringInt32 = ["a": 0, "b": -1, "\u{E9}": 2, "\u{1F608}": 3, "z": .max]
        m.mStringNested = ["k": TestNested(a: 1), "empty": TestNested()]
        try expectMatchesReference(m, PythonFixtures.mapsStringKeys)
    }

    /// upb puts a key after the keys it is a prefix of; we sort plain byte order (as C++ does).
    @Test func prefixKeysSortInByteOrder() throws {
        var m = TestAllTypes()
        m.mStringInt32 = ["": 0, "a": 1, "ab": 2, "abc": 3, "b": 4]
        try expectDecodesReference(m, PythonFixtures.mapsPrefixKeys)
        try expectMatchesReference(m, PythonFixtures.mapsPrefixKeysAscending)
    }

    static let otherMaps: TestAllTypes = {
        var m = TestAllTypes()
        m.mInt32String = [0: "zero", -1: "minus", .max: "max", .min: "min", 1: ""]
        m.mBoolDouble = [false: 0, true: -1.5]
        m.mSInt64Enum = [-1: .red, 0: .unspecified, .max: .negative, .min: .unrecognized(99)]
        m.mUInt64Bytes = [0: [], .max: [0x01], 300: Array("abc".utf8)]
        m.mFixed32Float = [7: 1.5, 0: 0]
        m.mSFixed64SInt32 = [-5: -5, 5: 5]
        return m
    }()

    /// upb writes integer keys in its own order, so its bytes are compared as values; our
    /// ascending order is compared with the reference's per-entry encodings in that order.
    @Test func otherKeyedMaps() throws {
        try expectDecodesReference(Self.otherMaps, PythonFixtures.mapsOtherKeys)
        try expectMatchesReference(Self.otherMaps, PythonFixtures.mapsOtherKeysAscending)
    }

    @Test func mapEntriesWithMissingKeyOrValueTakeDefaults() throws {
        // m_string_int32 entries: {} (both missing), {value 5} (key missing), {key "k"} (value missing).
        let bytes: [UInt8] = [0x92, 0x03, 0x00, 0x92, 0x03, 0x02, 0x10, 0x05, 0x92, 0x03, 0x03, 0x0A, 0x01, 0x6B]
        let decoded = try TestAllTypes(serializedBytes: bytes)
        #expect(decoded.mStringInt32 == ["": 5, "k": 0])
    }

    @Test func oneofMembersAreWrittenEvenAtDefaults() throws {
        var m = TestAllTypes()
        m.choice = .oInt32(0)
        try expectMatchesReference(m, PythonFixtures.oneofInt32Zero)
        m.choice = .oString("one")
        try expectMatchesReference(m, PythonFixtures.oneofString)
        m.choice = .oNested(TestNested(a: 5, child: TestNested()))
        try expectMatchesReference(m, PythonFixtures.oneofNested)
        m.choice = .oBytes([])
        try expectMatchesReference(m, PythonFixtures.oneofBytesEmpty)
    }

    @Test func lastOneofMemberWins() throws {
        let decoded = try TestAllTypes(serializedBytes: fixture(PythonFixtures.oneofTwoMembersInput))
        #expect(decoded.choice == .oInt32(7))
        #expect(hex(decoded.serializedBytes()) == PythonFixtures.oneofTwoMembersParsed)
    }

    @Test func nestedMessagesAndTheLargestFieldNumber() throws {
        var m = TestAllTypes()
        var chain = TestNested(a: 5, b: "five")
        for depth in stride(from: 4, through: 1, by: -1) {
            chain = TestNested(a: Int32(depth), b: String(depth), child: chain)
        }
        m.fNested = chain
        m.fMaxField = 1
        try expectMatchesReference(m, PythonFixtures.nestedChain)
    }

    /// Concatenated messages merge: last scalar wins, nested messages merge, repeated fields
    /// append, map entries replace by key; the result matches the reference's.
    @Test func concatenatedMessagesMergeLikeTheReference() throws {
        let merged = try TestAllTypes(serializedBytes: fixture(PythonFixtures.mergeInput))
        #expect(merged.fInt32 == 2)
        #expect(merged.fString == "first")
        #expect(merged.fNested == TestNested(a: 9, b: "kept", child: TestNested(a: 3)))
        #expect(merged.rInt32 == [1, 2, 3])
        #expect(merged.mStringInt32 == ["a": 1, "b": 20, "c": 30])
        #expect(hex(merged.serializedBytes()) == PythonFixtures.mergeParsed)
    }

    @Test func mergeIntoAnExistingMessage() throws {
        var m = Self.typical
        try m.merge(serializedBytes: [0x08, 0x07])
        #expect(m.fInt32 == 7)
        #expect(m.fString == "hello")
    }

    @Test func unknownFieldsSurviveARoundTrip() throws {
        // Field 99 varint, field 100 bytes: unknown to TestAllTypes, kept after the known fields.
        let unknown: [UInt8] = [0x98, 0x06, 0x2A, 0xA2, 0x06, 0x02, 0xCA, 0xFE]
        let bytes = try fixture(PythonFixtures.allTypesTypical) + unknown
        let decoded = try TestAllTypes(serializedBytes: bytes)
        #expect(decoded.unknownFields.bytes == unknown)
        #expect(decoded.serializedBytes() == bytes)
        #expect(decoded.serializedSize == bytes.count)
    }

    @Test func wireTypeMismatchOnARepeatedFieldIsAnError() throws {
        // r_fixed32 (37) as a varint: neither packed nor its own wire type.
        #expect(throws: ProtobufError.self) { try TestAllTypes(serializedBytes: [0xA8, 0x02, 0x01]) }
    }
}
